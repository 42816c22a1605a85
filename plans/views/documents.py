"""What every view that renders a PDF shares: a document too long to print (or too slow to lay
out) answers a page that says what to do, never a server error."""

from functools import wraps

from django.shortcuts import render

from plans.document.render import DocumentRefused


def refuses_oversized_documents(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DocumentRefused as exc:
            return render(
                request, "plans/plan/document_refused.html", {"reason": exc.message}, status=422
            )

    return wrapped
