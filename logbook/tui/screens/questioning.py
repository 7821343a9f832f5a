"""Record questioning: the questions asked, the candidate's answers, and the knowledge items each
answer shows, then the assessor's decision, its justification and the feedback given (OCR's
"Questioning": "Your assessor will record assessment decisions after they have questioned you.
They will record enough information to justify the decisions they make."). ctrl+a adds the
question in the fields to the list and clears them for the next; saving stores every question
added, and the one still in the fields if it is filled in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Input, TextArea

from logbook.domain.records import QuestionAnswer, Questioning
from logbook.domain.validation import Problem, check_evidence
from logbook.tui.screens.evidence_form import EvidenceFormScreen
from logbook.tui.screens.form import FormInvalid
from logbook.tui.widgets.criteria_picker import CriteriaPicker
from logbook.tui.widgets.fields import DateInput, Field
from logbook.tui.widgets.plain import Plain

NONE_YET = "None added yet: type a question and its answer below, then ctrl+a."


class QuestioningScreen(EvidenceFormScreen):
    BINDINGS = [Binding("ctrl+a", "add_qa", "Add Q&A", priority=True)]

    def __init__(self, candidate_id: str):
        super().__init__(candidate_id)
        self.added: list[QuestionAnswer] = []

    def compose(self) -> ComposeResult:
        self.compose_prepare()
        yield Header()
        yield Plain(self.title_text("Questioning"), classes="form-title")
        with VerticalScroll(classes="form"):
            yield Field("Date", DateInput("today", id="date"), name="date")
            yield Plain(NONE_YET, id="qa-list")
            yield Field(
                "Question",
                Input(id="question"),
                name="questions",
                hint="ctrl+a adds this question and answer, then clears them for the next",
            )
            yield Field("Answer", TextArea(id="answer"), name="answer")
            yield self.criteria_field(label="Knowledge items this answer shows")
            yield self.context_field()
            yield from self.decision_fields()
        yield self.form_status()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#question", Input).focus()

    def load(self, record: Questioning) -> None:
        """Every field, and the questions and answers saved, listed as added."""
        super().load(record)
        self.added = list(record.questions)
        self.show_added()

    def _snapshot(self) -> tuple:
        # the questions already added count as typing: Escape warns before dropping them
        return (*super()._snapshot(), tuple((q.question, q.answer) for q in self.added))

    def typed_qa(self) -> QuestionAnswer | None:
        """The question and answer in the fields, or None when both are empty."""
        question, answer = self.value("questions").strip(), self.value("answer").strip()
        if not question and not answer:
            return None
        return QuestionAnswer(question, answer, self.picked_links())

    def questioning(self, questions: list[QuestionAnswer]) -> Questioning:
        return Questioning(
            date=self.app.today,
            questions=questions,
            context=self.value("context"),
            decision=self.value("decision"),
            justification=self.value("justification").strip(),
            feedback=self.value("feedback").strip(),
        )

    def action_add_qa(self) -> None:
        qa = self.typed_qa()
        question = self.query_one("#field-questions", Field)
        if qa is None:
            question.show_error("type a question and the candidate's answer, then ctrl+a")
            self.query_one("#question", Input).focus()
            return
        # the domain says what is wrong with it, numbered as it will be saved
        record = self.questioning([*self.added, qa])
        problems = [
            p.message
            for p in check_evidence(
                record, self.candidate, self.portfolio.qualification, {}, self.app.today
            )
            if p.field == "questions"
        ]
        if problems:
            question.show_error("; ".join(problems))
            return
        self.added.append(qa)
        question.show_note(f"question {len(self.added)} added; type the next one")
        self.query_one("#question", Input).value = ""
        self.query_one("#answer", TextArea).text = ""
        picker = self.query_one(CriteriaPicker)
        while picker.picked:
            picker.action_remove_last()
        self.show_added()
        self.query_one("#question", Input).focus()
        self.query_one(VerticalScroll).scroll_to_widget(self.query_one("#qa-list"), top=True)

    def show_added(self) -> None:
        if not self.added:
            self.query_one("#qa-list", Plain).update(NONE_YET)
            return
        lines = [f"Questions and answers added ({len(self.added)}):"]
        for number, qa in enumerate(self.added, 1):
            shows = ", ".join(link.code for link in qa.links) or "no items picked"
            answer = qa.answer if len(qa.answer) <= 60 else qa.answer[:59] + "…"
            lines.append(f"{number}. {qa.question}\n   → {answer}  [{shows}]")
        self.query_one("#qa-list", Plain).update("\n".join(lines))

    def typed_text(self) -> str:
        """The form's fields, and every question and answer added (ctrl+o writes them out)."""
        added = "".join(
            f"Question {n}: {qa.question}\nAnswer {n}: {qa.answer}\n"
            for n, qa in enumerate(self.added, 1)
        )
        return super().typed_text() + added

    def build(self) -> Questioning:
        problems: list[Problem] = []
        when = self.read_date("date", problems)
        if problems:
            raise FormInvalid(problems)
        typed = self.typed_qa()
        record = self.questioning([*self.added, *([typed] if typed else [])])
        record.date = when
        return record

    def saved_message(self, record: Questioning) -> str:
        saved = f"{len(record.questions)} questions and answers saved."
        return f"{saved} {super().saved_message(record)}"
