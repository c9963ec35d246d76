"""Discussion pages: the full thread list with the form to write, and the pages of each action
(report, hide, show again, edit). The practice page shows the first page through
templatetags.discussion_tags."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regencies.permissions import can_comment, can_mark_answer, can_moderate_comments, can_report_comment

from .. import markdown
from . import selectors, services
from .forms import AnswerForm, CommentForm, EditForm, ModerationForm, ReportForm

PAGE_SIZE = 20


def _with_html(comments):
    for comment in comments:
        comment.body_html = markdown.render(comment.body)
    return comments


def discussion_context(request, practice, *, page_number=1, form=None):
    """What templates/knowledge/discussion/_discussion.html needs, in a fixed number of queries."""
    user = request.user
    page = Paginator(selectors.threads(practice), PAGE_SIZE).get_page(page_number)
    open_ = practice.status == practice.Status.PUBLISHED
    may_comment = open_ and can_comment(user)
    threads = list(page.object_list)
    bound_parent = str(form.data.get("parent") or "") if form is not None else ""
    placed = False
    for thread in threads:
        _with_html([thread, *thread.replies.all()])
        if may_comment and not thread.is_hidden:
            here = bound_parent == str(thread.pk)
            placed = placed or here
            thread.reply_form = form if here else CommentForm(reply_to=thread)
    if form is None or placed:
        form = CommentForm() if may_comment else None
    return {
        "practice": practice,
        "page": page,
        "threads": threads,
        "open": open_,
        # A posted form comes back with its errors: under its thread, or here (even if just closed).
        "form": form,
        "may_mark": can_mark_answer(user, practice),
        "may_moderate": can_moderate_comments(user),
        "may_report": can_report_comment(user),
        "reported": selectors.reported_by(user, practice),
        "user": user,
    }


def _back_to(comment):
    return redirect(comment.get_absolute_url())


@require_http_methods(["GET", "HEAD", "POST"])
def discussion(request, slug):
    """GET: every thread, paginated. POST: a new question, comment or reply."""
    practice = selectors.practice_for_discussion(slug)
    form = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_comment(request.user):
            raise PermissionDenied(
                _("Only pemda staff, assessors and national admins take part in discussions.")
            )
        form = CommentForm(request.POST)
        if form.is_valid():
            parent_id = form.cleaned_data.get("parent")
            parent = practice.comments.filter(pk=parent_id).first() if parent_id else None
            try:
                if parent_id and parent is None:
                    raise services.DiscussionError(
                        _("Reply to a question or comment of this practice."), "parent"
                    )
                comment = services.comment_create(
                    practice=practice,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    kind=form.cleaned_data["kind"] or "comment",
                    parent=parent,
                )
            except services.DiscussionError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("Thank you: your text is published."))
                return _back_to(comment)
    context = discussion_context(request, practice, page_number=request.GET.get("page"), form=form)
    return render(request, "knowledge/discussion/discussion.html", context)


@require_POST
@login_required
def answer(request, slug, pk):
    practice = selectors.practice_for_discussion(slug)
    if not can_mark_answer(request.user, practice):
        raise PermissionDenied(_("Only staff of the owner pemda mark answers."))
    comment = selectors.comment_of(practice, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.comment_mark_answer(
                comment=comment, by_user=request.user, is_answer=form.cleaned_data["is_answer"]
            )
        except services.DiscussionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Marked as the answer.") if form.cleaned_data["is_answer"] else _("Answer mark removed."),
            )
    return _back_to(comment)


def _action_page(request, slug, pk, *, allowed, refusal, form_class, perform, template, done):
    practice = selectors.practice_for_discussion(slug)
    comment = selectors.comment_of(practice, pk)
    if not allowed(request.user, comment):
        raise PermissionDenied(refusal)
    form = form_class(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            perform(comment, form.cleaned_data)
        except services.DiscussionError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, done)
            return _back_to(comment)
    _with_html([comment])
    context = {
        "practice": practice,
        "comment": comment,
        "form": form,
        "may_moderate": can_moderate_comments(request.user),
    }
    return render(request, template, context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def report(request, slug, pk):
    return _action_page(
        request,
        slug,
        pk,
        allowed=lambda user, comment: can_report_comment(user),
        refusal=_("Log in to report a comment."),
        form_class=ReportForm,
        perform=lambda comment, data: services.comment_report(
            comment=comment, reporter=request.user, reason=data["reason"]
        ),
        template="knowledge/discussion/report.html",
        done=_("Thank you: the national admins will look at your report."),
    )


def _moderate(request, slug, pk, *, service, template, done):
    """Hide or show again: national admins only, with a reason and a confirmation."""
    return _action_page(
        request,
        slug,
        pk,
        allowed=lambda user, comment: can_moderate_comments(user),
        refusal=_("Only national admins hide comments."),
        form_class=ModerationForm,
        perform=lambda comment, data: service(comment=comment, by_user=request.user, reason=data["reason"]),
        template=template,
        done=done,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def hide(request, slug, pk):
    return _moderate(
        request,
        slug,
        pk,
        service=services.comment_hide,
        template="knowledge/discussion/hide.html",
        done=_("The comment is hidden."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def unhide(request, slug, pk):
    return _moderate(
        request,
        slug,
        pk,
        service=services.comment_unhide,
        template="knowledge/discussion/unhide.html",
        done=_("The comment is shown again."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit(request, slug, pk):
    return _action_page(
        request,
        slug,
        pk,
        allowed=lambda user, comment: comment.author_id == user.pk and not comment.is_hidden,
        refusal=_("Only the author edits a comment."),
        form_class=EditForm,
        perform=lambda comment, data: services.comment_edit(
            comment=comment, by_user=request.user, body=data["body"]
        ),
        template="knowledge/discussion/edit.html",
        done=_("Your comment is updated."),
    )
