"""The PR team's writes on courses: a course and its settings (and the programs that require it), its modules and
lessons in order, a lesson's images and PDFs, the quiz's questions with their answers. Each write checks the
member (the PR team of the course's organization), validates, and leaves one audit row."""

from duta.academy.services.courses._common import DOWN, UP
from duta.academy.services.courses.course import (
    RESERVED_SLUGS,
    CourseData,
    course_create,
    course_data,
    course_delete,
    course_update,
)
from duta.academy.services.courses.files import (
    MAX_FILES_PER_LESSON,
    lesson_file_add,
    lesson_file_delete,
    lesson_file_name,
)
from duta.academy.services.courses.outline import (
    LessonData,
    lesson_create,
    lesson_delete,
    lesson_move,
    lesson_update,
    module_create,
    module_delete,
    module_move,
    module_update,
)
from duta.academy.services.courses.quiz import (
    MAX_CHOICES,
    ChoiceData,
    QuestionData,
    question_create,
    question_delete,
    question_move,
    question_update,
)

__all__ = [
    "DOWN",
    "MAX_CHOICES",
    "MAX_FILES_PER_LESSON",
    "RESERVED_SLUGS",
    "UP",
    "ChoiceData",
    "CourseData",
    "LessonData",
    "QuestionData",
    "course_create",
    "course_data",
    "course_delete",
    "course_update",
    "lesson_create",
    "lesson_delete",
    "lesson_file_add",
    "lesson_file_delete",
    "lesson_file_name",
    "lesson_move",
    "lesson_update",
    "module_create",
    "module_delete",
    "module_move",
    "module_update",
    "question_create",
    "question_delete",
    "question_move",
    "question_update",
]
