# The satisfaction poll models, moved from `feedback` (feedback 0008 removes them from its state).
# The tables already exist (feedback 0002 made them) and keep their names through `db_table`:
# this migration only tells Django that `polls` owns them, and renames their content types so
# that permissions and log entries (feedback.poll -> polls.poll, ...) follow them.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MODELS = ("poll", "pollvote", "pollcomment")


def _move(apps, from_label, to_label):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        # A fresh database has none yet (they are made after migrating); an existing one keeps
        # its rows, so permissions and log entries that point at them stay valid.
        if not content_type.objects.filter(app_label=to_label, model=model).exists():
            content_type.objects.filter(app_label=from_label, model=model).update(
                app_label=to_label
            )


def move_content_types(apps, schema_editor):
    _move(apps, "feedback", "polls")


def move_content_types_back(apps, schema_editor):
    _move(apps, "polls", "feedback")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('feedback', '0008_polls_moved_to_polls_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Poll',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('round', models.PositiveSmallIntegerField(verbose_name='round')),
                        ('opened_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='opened')),
                        ('closes_at', models.DateTimeField(db_index=True, verbose_name='closes')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed')),
                        ('issue', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='polls', to='feedback.issue')),
                    ],
                    options={
                        'verbose_name': 'satisfaction poll',
                        'verbose_name_plural': 'satisfaction polls',
                        'db_table': 'feedback_poll',
                        'ordering': ['issue', '-round'],
                    },
                ),
                migrations.CreateModel(
                    name='PollVote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(choices=[('reporter', 'The reporter'), ('public', 'The public')], max_length=10, verbose_name='voter')),
                        ('choice', models.CharField(choices=[('satisfied', 'Satisfied'), ('basically_satisfied', 'Basically satisfied'), ('dissatisfied', 'Dissatisfied')], max_length=20, verbose_name='verdict')),
                        ('problem_persists', models.BooleanField(default=False)),
                        ('browser_key', models.CharField(blank=True, editable=False, max_length=64)),
                        ('address_key', models.CharField(blank=True, db_index=True, editable=False, max_length=64)),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('poll', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='polls.poll')),
                    ],
                    options={
                        'verbose_name': 'satisfaction vote',
                        'verbose_name_plural': 'satisfaction votes',
                        'db_table': 'feedback_pollvote',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PollComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('withdrawn_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='withdrawn')),
                        ('withdrawn_reason', models.TextField(blank=True, editable=False, verbose_name='reason for withdrawal')),
                        ('body', models.TextField(verbose_name='comment')),
                        ('submitted_body', models.TextField(editable=False)),
                        ('moderation', models.CharField(choices=[('pending', 'Awaiting moderation'), ('published', 'Published'), ('rejected', 'Not published')], db_index=True, default='pending', max_length=20)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('moderated_at', models.DateTimeField(blank=True, null=True)),
                        ('moderated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('withdrawn_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('vote', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='comment', to='polls.pollvote')),
                    ],
                    options={
                        'verbose_name': 'poll comment',
                        'verbose_name_plural': 'poll comments',
                        'db_table': 'feedback_pollcomment',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='poll',
                    constraint=models.UniqueConstraint(fields=('issue', 'round'), name='one_poll_per_issue_round'),
                ),
                migrations.AddConstraint(
                    model_name='pollvote',
                    constraint=models.UniqueConstraint(condition=models.Q(('source', 'reporter')), fields=('poll',), name='one_reporter_verdict_per_poll'),
                ),
                migrations.AddConstraint(
                    model_name='pollvote',
                    constraint=models.UniqueConstraint(condition=models.Q(('source', 'public')), fields=('poll', 'browser_key'), name='one_public_vote_per_browser_per_poll'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=True),
    ]
