"""Every issue gets a case number (受理编号); 0006 numbers the existing ones."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0004_staff_verbose_names'),
    ]

    operations = [
        migrations.AddField(
            model_name='issue',
            name='case_number',
            field=models.CharField(editable=False, max_length=20, null=True, unique=True, verbose_name='case number'),
        ),
    ]
