from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hocbac.orgs import scoping
from hocbac.orgs.models import ELIGIBILITY_RULE

from . import selectors, services
from .forms import DocumentForm, TopicForm
from .models import DocumentKind


@login_required
def document_list(request):
    query, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    year = request.GET.get("year", "")
    topic_id = request.GET.get("topic", "")
    bookmarked = request.GET.get("saved") == "1"
    documents = selectors.search(
        selectors.documents_for(request.user), query=query, kind=kind, year=int(year) if year.isdigit() else None,
        topic_id=int(topic_id) if topic_id.isdigit() else None, user=request.user, bookmarked=bookmarked,
    )
    page = Paginator(documents, 30).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "kind": kind, "year": year, "topic": topic_id, "bookmarked": bookmarked,
               "kinds": DocumentKind.choices, "topics": selectors.topics_for()}
    template = "library/_document_rows.html" if request.headers.get("HX-Request") else "library/document_list.html"
    return render(request, template, context)


@login_required
def document_detail(request, document_id):
    document = selectors.document_for(request.user, document_id)
    services.record_read(document, member=getattr(request.user, "member", None))
    is_bookmarked = document.bookmarks.filter(user=request.user).exists()
    return render(request, "library/document_detail.html", {"document": document, "is_bookmarked": is_bookmarked})


@login_required
def document_file(request, document_id):
    """Attachments are served through scoping, never from a public media URL."""
    document = selectors.document_for(request.user, document_id)
    if not document.attachment:
        raise Http404
    return FileResponse(document.attachment.open("rb"), as_attachment=True, filename=document.attachment_name,
                        content_type=document.attachment_type)


@require_POST
@login_required
def document_bookmark(request, document_id):
    document = selectors.document_for(request.user, document_id)
    saved = services.toggle_bookmark(document, user=request.user)
    messages.success(request, "Đã lưu vào tài liệu của tôi." if saved else "Đã bỏ lưu.")
    return redirect("library:document_detail", document_id=document.pk)


@scoping.org_view("administer")
def document_create(request):
    form = DocumentForm(request.POST or None, request.FILES or None, topics=selectors.topics_for(request.org))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            document = services.create_document(by=request.user, org=request.org, **data)
        except ValidationError as error:
            form.add_error("attachment", error)
        else:
            messages.success(request, "Đã đăng văn bản.")
            return redirect("library:document_detail", document_id=document.pk)
    return render(request, "library/form.html", {"org": request.org, "form": form, "title": f"Đăng văn bản cho {request.org.name}"})


@scoping.org_view("administer")
def document_edit(request, document_id):
    document = get_object_or_404(selectors.published_in(request.org), pk=document_id)
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document, topics=selectors.topics_for(request.org))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        document.refresh_from_db()
        try:
            services.update_document(document, by=request.user, **data)
        except ValidationError as error:
            form.add_error("attachment", error)
        else:
            messages.success(request, "Đã lưu.")
            return redirect("library:document_detail", document_id=document.pk)
    return render(request, "library/form.html", {"org": request.org, "form": form, "title": f"Sửa: {document.title}"})


@scoping.org_view("view")
def document_reads(request, document_id):
    document = selectors.document_for(request.user, document_id)
    total, children = selectors.read_rates(document, request.org)
    return render(request, "library/document_reads.html", {"org": request.org, "document": document, "total": total,
                                                           "children": children, "rule": ELIGIBILITY_RULE})


@scoping.org_view("administer")
def topic_list(request):
    form = TopicForm(request.POST or None, parents=selectors.topics_for(request.org).filter(year__isnull=True))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_topic(by=request.user, org=request.org, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã thêm chuyên đề.")
            return redirect("library:topic_list", org_id=request.org.pk)
    return render(request, "library/topic_list.html", {"org": request.org, "form": form, "topics": selectors.topics_for(request.org)})
