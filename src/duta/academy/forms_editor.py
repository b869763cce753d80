"""Forms of the course editor: a course's settings, a module, a lesson, a lesson's file, a quiz question."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duta.academy.models import Course, Question
from duta.academy.services.courses import MAX_CHOICES, ChoiceData, CourseData, LessonData, QuestionData
from duta.organizations.models import Organization
from duta.programs.models import Program


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=50,
        required=False,
        help_text=_("Part of the course's address: lowercase letters, digits and hyphens. Empty: made from the title."),
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    summary_en = forms.CharField(
        label=_("Summary in English"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.IntegerField(label=_("Minutes to finish"), min_value=1, max_value=600, initial=30)
    passing_score = forms.IntegerField(label=_("Passing score (%)"), min_value=1, max_value=100, initial=75)
    max_attempts = forms.IntegerField(
        label=_("Attempts allowed"), min_value=0, max_value=20, initial=3, help_text=_("0 means no limit.")
    )
    shuffle_answers = forms.BooleanField(
        label=_("Shuffle the questions and their answers for each attempt"), required=False, initial=True
    )
    is_published = forms.BooleanField(
        label=_("Published"), required=False, initial=False, help_text=_("Learners see published courses only.")
    )
    required_for = forms.ModelMultipleChoiceField(
        label=_("Required for programs"),
        queryset=Program.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A candidate in training in these programs becomes an active ambassador once they pass every course "
            "the program requires."
        ),
    )

    CHECKS = ("shuffle_answers", "is_published")

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["required_for"].queryset = Program.objects.filter(  # type: ignore[attr-defined]
            organization=organization
        ).order_by("name")

    @classmethod
    def initial_for(cls, course: Course) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(course, name)
            for name in (
                "title",
                "title_en",
                "slug",
                "summary",
                "summary_en",
                "minutes",
                "passing_score",
                "max_attempts",
                "shuffle_answers",
                "is_published",
            )
        }
        initial["required_for"] = list(course.required_for.all())
        return initial

    def data_for_service(self) -> CourseData:
        data = self.cleaned_data
        return CourseData(
            title=data["title"],
            slug=data["slug"] or "",
            title_en=data["title_en"],
            summary=data["summary"],
            summary_en=data["summary_en"],
            minutes=data["minutes"],
            is_published=data["is_published"],
            passing_score=data["passing_score"],
            max_attempts=data["max_attempts"],
            shuffle_answers=data["shuffle_answers"],
            required_for=list(data["required_for"]),
        )

    def text_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in (*self.CHECKS, "required_for")]

    def check_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CHECKS]


class ModuleForm(forms.Form):
    title = forms.CharField(
        label=_("Module title"), max_length=200, error_messages={"required": _("Give the module a title.")}
    )


MARKDOWN_HELP = _(
    "Markdown: <code>## Heading</code>, <code>**bold**</code>, <code>*italic*</code>, <code>- item</code> for a "
    "list, <code>1. step</code> for numbered steps, <code>&gt; quote</code>, "
    "<code>[text](https://…)</code> for a link. To show one of the lesson's images, write "
    "<code>![caption](file-name.jpg)</code> with the file name listed under Files. HTML is shown as text; "
    "images from other sites are not shown."
)


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "code"}),
        help_text=MARKDOWN_HELP,
    )
    summary_en = forms.CharField(
        label=_("Summary in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few sentences for readers who do not read Bahasa Indonesia."),
    )
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A YouTube or Vimeo link is played in the lesson; any other link is shown as a link."),
    )

    def clean_video_url(self) -> str:
        url: str = self.cleaned_data["video_url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Give a video link that starts with https://."))
        return url

    @classmethod
    def initial_for(cls, lesson: Any) -> dict[str, Any]:
        return {name: getattr(lesson, name) for name in ("title", "body", "summary_en", "video_url")}

    def data_for_service(self) -> LessonData:
        data = self.cleaned_data
        return LessonData(
            title=data["title"], body=data["body"], summary_en=data["summary_en"], video_url=data["video_url"]
        )


class LessonFileForm(forms.Form):
    file = forms.FileField(
        label=_("Image or PDF"),
        help_text=_(
            "JPEG, PNG or WebP images and PDFs. Their metadata (location, camera, author) is removed. Videos go on "
            "YouTube or Vimeo: paste the link in the lesson."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )


class QuestionForm(forms.Form):
    """A question and up to eight answers (empty rows are left out)."""

    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Question.Kind.choices, initial=Question.Kind.SINGLE, widget=forms.RadioSelect
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown right after the answer: why the right answer is right."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(MAX_CHOICES):
            self.fields[f"choice_{index}"] = forms.CharField(
                label=_("Answer %(number)d") % {"number": index + 1}, max_length=500, required=False
            )
            self.fields[f"correct_{index}"] = forms.BooleanField(label=_("Correct"), required=False)

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        initial: dict[str, Any] = {"text": question.text, "kind": question.kind, "explanation": question.explanation}
        for index, choice in enumerate(question.choices.all()[:MAX_CHOICES]):
            initial[f"choice_{index}"] = choice.text
            initial[f"correct_{index}"] = choice.is_correct
        return initial

    def rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(index + 1, self[f"choice_{index}"], self[f"correct_{index}"]) for index in range(MAX_CHOICES)]

    def data_for_service(self) -> QuestionData:
        data = self.cleaned_data
        return QuestionData(
            text=data["text"],
            kind=data["kind"],
            explanation=data["explanation"],
            choices=[
                ChoiceData(text=data[f"choice_{index}"], is_correct=data[f"correct_{index}"])
                for index in range(MAX_CHOICES)
            ],
        )
