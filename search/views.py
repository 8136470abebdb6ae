from django.shortcuts import render


def search(request):
    """Placeholder until the search issue lands: the box works, results come from the database."""
    from feedback.models import Issue

    query = (request.GET.get("q") or "").strip()[:100]
    results = []
    if query:
        results = list(
            Issue.objects.public().for_list().filter(title__icontains=query).order_by("-published_at")[:20]
        )
    return render(request, "search/search.html", {"query": query, "results": results})
