from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.core.htmx import render_page_or_partial
from duta.core.pagination import page_of
from duta.organizations import rules, selectors, services
from duta.organizations.forms import (
    AuditFilterForm,
    InvitationAcceptForm,
    InvitationFilterForm,
    InvitationForm,
    MemberFilterForm,
    MembershipForm,
    UnitCreateForm,
    UnitMoveForm,
    UnitRenameForm,
)
from duta.organizations.models import Membership, Role

SESSION_ORGANIZATION_KEY = "duta_organization"

MemberView = Callable[..., HttpResponse]


def member_required(view: MemberView) -> Callable[..., HttpResponse]:
    """Resolve ``org_slug`` to the user's membership (404 for non-members) as ``request.member``."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, org_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        member = selectors.membership_get_for_user(user=request.user, organization_slug=org_slug)  # type: ignore[arg-type]
        request.member = member  # type: ignore[attr-defined]
        if request.session.get(SESSION_ORGANIZATION_KEY) != member.organization.slug:
            request.session[SESSION_ORGANIZATION_KEY] = member.organization.slug
        return view(request, member, *args, **kwargs)

    return wrapper


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    """Send the member to the organization they used last, or let them choose one."""
    memberships = list(selectors.membership_list_for_user(user=request.user))  # type: ignore[arg-type]
    remembered = request.session.get(SESSION_ORGANIZATION_KEY)
    for membership in memberships:
        if membership.organization.slug == remembered:
            return redirect("organizations:organization_home", org_slug=remembered)
    if len(memberships) == 1:
        return redirect("organizations:organization_home", org_slug=memberships[0].organization.slug)
    return render(request, "organizations/choose.html", {"memberships": memberships})


@member_required
def organization_home_view(request: HttpRequest, member: Membership) -> HttpResponse:
    if member.role == Role.AMBASSADOR:
        return render(request, "organizations/start.html", {})
    context = {
        "counts": selectors.organization_overview_for_member(member=member),
        "recent_events": (
            selectors.audit_event_list_for_member(member=member)[:8] if rules.can_browse_audit_log(member.role) else []
        ),
        "top_units": selectors.unit_tree_for_member(member=member, max_depth=1),
    }
    return render(request, "organizations/home.html", context)


# --- units ---------------------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def unit_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    show_archived = request.GET.get("archived") == "1"
    units = selectors.unit_tree_for_member(member=member, include_archived=show_archived)
    can_create = member.role in {Role.ADMIN, Role.COORDINATOR}
    form = None
    if can_create:
        form = UnitCreateForm(
            request.POST or None,
            units=selectors.unit_choices_for_member(member=member),
            allow_top_level=member.role == Role.ADMIN,
        )
        if request.method == "POST" and form.is_valid():
            try:
                unit = services.unit_create(
                    member=member, name=form.cleaned_data["name"], parent=form.cleaned_data["parent"]
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("Unit “%(name)s” created.") % {"name": unit.name})
                return redirect("organizations:unit_list", org_slug=member.organization.slug)
    context = {"units": units, "form": form, "show_archived": show_archived}
    return render_page_or_partial(request, "organizations/units.html", context, partial="tree")


@member_required
@require_http_methods(["GET", "POST"])
def unit_detail_view(request: HttpRequest, member: Membership, unit_id: int) -> HttpResponse:
    unit = selectors.unit_get_for_member(member=member, unit_id=unit_id)
    scope = selectors.member_scope_paths(member)
    can_change = rules.can_change_unit(member.role, unit.path, scope)
    choices = selectors.unit_choices_for_member(member=member).exclude(path__startswith=unit.path)
    rename_form = UnitRenameForm(initial={"name": unit.name})
    move_form = UnitMoveForm(
        initial={"parent": unit.parent_id}, units=choices, allow_top_level=member.role == Role.ADMIN
    )
    if request.method == "POST":
        if not can_change:
            return render(request, "403.html", status=403)
        action = request.POST.get("action")
        slug = member.organization.slug
        try:
            if action == "rename":
                rename_form = UnitRenameForm(request.POST)
                if rename_form.is_valid():
                    services.unit_rename(member=member, unit=unit, name=rename_form.cleaned_data["name"])
                    messages.success(request, _("Unit renamed."))
                    return redirect("organizations:unit_detail", org_slug=slug, unit_id=unit.pk)
            elif action == "move":
                move_form = UnitMoveForm(request.POST, units=choices, allow_top_level=member.role == Role.ADMIN)
                if move_form.is_valid():
                    services.unit_move(member=member, unit=unit, new_parent=move_form.cleaned_data["parent"])
                    messages.success(request, _("Unit moved."))
                    return redirect("organizations:unit_detail", org_slug=slug, unit_id=unit.pk)
            elif action == "archive":
                services.unit_archive(member=member, unit=unit)
                messages.success(request, _("Unit archived."))
                return redirect("organizations:unit_detail", org_slug=slug, unit_id=unit.pk)
            elif action == "restore":
                services.unit_restore(member=member, unit=unit)
                messages.success(request, _("Unit restored."))
                return redirect("organizations:unit_detail", org_slug=slug, unit_id=unit.pk)
            elif action == "delete":
                services.unit_delete(member=member, unit=unit)
                messages.success(request, _("Unit deleted."))
                return redirect("organizations:unit_list", org_slug=slug)
            else:
                messages.error(request, _("Unknown action."))
        except ApplicationError as error:
            messages.error(request, error.message)
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(unit=unit),
        "children": [
            child
            for child in selectors.unit_tree_for_member(member=member, include_archived=True)
            if child.parent_id == unit.pk
        ],
        "can_change": can_change,
        "can_see_members": rules.can_see_members(member.role),
        "rename_form": rename_form,
        "move_form": move_form,
    }
    return render(request, "organizations/unit_detail.html", context)


# --- members -------------------------------------------------------------------------------


@member_required
def member_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    units = selectors.unit_choices_for_member(member=member)
    form = MemberFilterForm(request.GET or None, units=units)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "query": data["q"] or None,
            "role": data["role"] or None,
            "unit_id": data["unit"].pk if data["unit"] else None,
        }
    members = selectors.member_list_for_member(member=member, **filters)
    context = {
        "form": form,
        "page": page_of(request, members),
        "unit_labels": selectors.unit_label_map(organization=member.organization),
        "querystring": request.GET.copy(),
    }
    return render_page_or_partial(request, "organizations/members.html", context, partial="rows")


@member_required
@require_http_methods(["GET", "POST"])
def member_detail_view(request: HttpRequest, member: Membership, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get_for_member(member=member, membership_id=membership_id)
    units = selectors.unit_choices_for_member(member=member)
    form = MembershipForm.for_membership(membership, actor_role=member.role, units=units)
    slug = member.organization.slug
    if request.method == "POST":
        action = request.POST.get("action", "update")
        try:
            if action in {"deactivate", "reactivate"}:
                services.membership_set_active(member=member, membership=membership, active=action == "reactivate")
                messages.success(request, _("Membership saved."))
                return redirect("organizations:member_detail", org_slug=slug, membership_id=membership.pk)
            form = MembershipForm.for_membership(membership, actor_role=member.role, units=units, data=request.POST)
            if form.is_valid():
                services.membership_update(
                    member=member,
                    membership=membership,
                    role=form.cleaned_data["role"],
                    unit=form.cleaned_data["unit"],
                    coordinated_units=form.cleaned_data.get("coordinated_units", ()),
                )
                messages.success(request, _("Membership saved."))
                return redirect("organizations:member_detail", org_slug=slug, membership_id=membership.pk)
        except ApplicationError as error:
            add_application_error(form, error)
    context = {
        "membership": membership,
        "form": form,
        "unit_labels": selectors.unit_label_map(organization=member.organization),
        "can_manage": rules.can_manage_member(
            member.role, membership.unit.path if membership.unit else None, selectors.member_scope_paths(member)
        ),
    }
    return render(request, "organizations/member_detail.html", context)


# --- invitations ---------------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def invitation_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    units = selectors.unit_choices_for_member(member=member)
    invitations = selectors.invitation_list_for_member(member=member)
    form = InvitationForm(request.POST or None, actor_role=member.role, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, _token = services.invitation_create(
                member=member,
                email=data["email"],
                role=data["role"],
                unit=data["unit"],
                coordinated_units=data.get("coordinated_units", ()),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("organizations:invitation_list", org_slug=member.organization.slug)
    filter_form = InvitationFilterForm(request.GET or None)
    if filter_form.is_valid() and filter_form.cleaned_data["status"]:
        invitations = selectors.invitation_list_for_member(member=member, status=filter_form.cleaned_data["status"])
    context = {"form": form, "filter_form": filter_form, "page": page_of(request, invitations)}
    return render_page_or_partial(request, "organizations/invitations.html", context, partial="rows")


@member_required
@require_POST
def invitation_action_view(request: HttpRequest, member: Membership, invitation_id: int, action: str) -> HttpResponse:
    if action not in {"resend", "revoke"}:
        raise Http404
    invitation = selectors.invitation_get_for_member(member=member, invitation_id=invitation_id)
    try:
        if action == "resend":
            services.invitation_resend(member=member, invitation=invitation)
            messages.success(request, _("Invitation sent again to %(email)s.") % {"email": invitation.email})
        else:
            services.invitation_revoke(member=member, invitation=invitation)
            messages.success(request, _("Invitation revoked."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("organizations:invitation_list", org_slug=member.organization.slug)


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_get_by_token_hash(token_hash=services.invitation_token_hash(token))
    try:
        services.invitation_check_usable(invitation)
    except ApplicationError as error:
        return render(request, "organizations/invitation_invalid.html", {"message": error.message}, status=410)
    assert invitation is not None
    user = request.user if request.user.is_authenticated else None
    has_account = user is None and selectors.user_exists(email=invitation.email)
    form = InvitationAcceptForm(request.POST or None) if user is None and not has_account else None
    error_message = None
    if request.method == "POST" and (user is not None or (form is not None and form.is_valid())):
        try:
            if user is not None:
                membership = services.invitation_accept(invitation=invitation, user=user)
            else:
                assert form is not None
                membership = services.invitation_accept(
                    invitation=invitation,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password"],
                )
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        except ApplicationError as error:
            if form is not None:
                add_application_error(form, error)
            else:
                error_message = error.message
        else:
            messages.success(
                request, _("Welcome to %(organization)s.") % {"organization": membership.organization.name}
            )
            return redirect("organizations:organization_home", org_slug=membership.organization.slug)
    context = {"invitation": invitation, "form": form, "has_account": has_account, "error_message": error_message}
    return render(request, "organizations/invitation_accept.html", context)


# --- audit log -----------------------------------------------------------------------------


@member_required
def audit_log_view(request: HttpRequest, member: Membership) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, actions=selectors.audit_action_list_for_member(member=member))
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "action": data["action"] or None,
            "actor_query": data["actor"] or None,
            "since": data["since"],
            "until": data["until"],
        }
    events = selectors.audit_event_list_for_member(member=member, **filters)
    context = {"form": form, "page": page_of(request, events), "querystring": request.GET.copy()}
    return render_page_or_partial(request, "organizations/audit.html", context, partial="rows")
