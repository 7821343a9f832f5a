"""`logbook demo DIR`: a realistic sample caseload, written through the real store.

Several candidates on different qualifications; every kind of evidence, each with its decision;
units in progress and signed off; assessment plans (an older one without planned items, agreed
ones with items done, late and to come, and a review); a witness who can be used, one whose
status statement is not finished, and one whose relationship ('friend') the assessor has still
to confirm; a testimony and a questioning ('not yet competent') that do not count.
Tests, benchmarks and the app's `--demo` use it.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

from logbook.domain.records import (
    UNANSWERED,
    Candidate,
    Discussion,
    Link,
    Observation,
    Plan,
    PlannedItem,
    PlanReview,
    QuestionAnswer,
    Questioning,
    SignOff,
    Testimony,
    Witness,
    WorkProduct,
)
from logbook.qualifications import Library, default_library
from logbook.store.caseload import Caseload
from logbook.store.storage import settle

ASSESSOR = "Morgan Ellis"


def _links(library: Library, qualification: str, unit: str, kinds=None) -> list[Link]:
    items = library.get(qualification).unit(unit).items
    return [Link(unit, i.code) for i in items if kinds is None or i.kind in kinds]


def write_demo(folder: Path, today: date | None = None, library: Library | None = None) -> Caseload:
    today = today or date.today()
    library = library or default_library()
    caseload = Caseload(folder, library)
    start = today - timedelta(days=150)

    def day(n: int) -> date:
        return start + timedelta(days=n)

    # 1. City & Guilds: two units signed off, others in progress, both kinds of witness
    priya = Candidate(
        name="Priya Shah",
        date_of_birth=date(1994, 3, 14),
        registration_number="CG-4471-0931",
        qualification="cg-l3-nsvq",
        units=["301", "302", "205", "206", "211", "308", "311", "312"],
        registered_on=start,
        workplace="Greenway Stores, Leeds",
        contact="priya.shah@example.org, 0113 496 0001",
        assessor=ASSESSOR,
    )
    book = caseload.create(priya, ASSESSOR, today)
    sam = Witness(
        name="Sam Patel",
        job_title="Customer Service Supervisor",
        organisation="Greenway Stores",
        role="line_manager",
        relationship="line manager for two years, not related",
        contact="sam.patel@example.org, 0113 496 0002",
        knows_standards=True,
        status_statement="Supervises Priya daily on the service desk; holds Level 3 herself.",
        relative="no",
    )
    unknown = Witness(
        name="Chris Dale",
        job_title="Delivery driver",
        organisation="FastFreight",
        relative=UNANSWERED,
    )
    jo = Witness(
        name="Jo Reid",
        job_title="Customer Service Adviser",
        organisation="Greenway Stores",
        role="colleague",
        relationship="colleague on the service desk, and a friend from work",
        contact="0113 496 0003",
        relative="no",
    )
    for witness in (sam, unknown, jo):
        book.add(witness, ASSESSOR, today)
    book.add(
        Plan(
            agreed_on=day(2),
            units=["301", "302", "205"],
            planned_for=day(20),
            venue="Greenway Stores service desk",
            activities="Handle the Saturday returns queue; explain the refunds policy to customers",
            expected_evidence="Observation, professional discussion, refunds log",
        ),
        ASSESSOR,
        today,
    )
    book.add(
        Discussion(
            date=day(21),
            planned_on=day(14),
            topics="The service offer; how customers form expectations; the service chain",
            notes=(
                "Priya explained Greenway's service offer and how staffing limits it on Saturdays, "
                "compared the store's approach with the council's library service, and gave "
                "examples of handling angry customers during the refunds rush."
            ),
            recording_ref="Audio PD-PS-01 (centre drive)",
            duration_minutes=45,
            links=_links(library, "cg-l3-nsvq", "301"),
        ),
        ASSESSOR,
        today,
    )
    book.add(
        Questioning(
            date=day(35),
            questions=[
                QuestionAnswer(
                    "How would you get a change to the returns procedure approved?",
                    "Put it to the store manager in writing; head office signs off policy changes.",
                    [Link("302", c) for c in ("302.1.1", "302.1.2", "302.1.3", "302.1.4")],
                ),
                QuestionAnswer(
                    "Which laws shape how you handle customers' data and complaints?",
                    "Data protection, consumer rights, equality law and health and safety.",
                    [Link("302", f"302.2.{n}") for n in range(1, 8)],
                ),
            ],
            decision="competent",
            justification="Named the approval route and the laws without prompting.",
            feedback="Clear answers; read up on the Consumer Rights Act's refund periods.",
        ),
        ASSESSOR,
        today,
    )
    book.add(
        WorkProduct(
            date=day(36),
            title="Refunds authorisation log, March",
            description="Shows refunds checked against the policy and the legal minimum",
            location="Store office, locked cabinet 2 (confidential: not copied)",
            confidential=True,
            links=[Link("302", "302 ER7a"), Link("302", "302 ER7b"), Link("302", "302 ER7c")],
            decision="competent",
            justification="Every refund checked, signed and within the policy's limits.",
            feedback="Thorough log; initial each page so the IV can follow it.",
        ),
        ASSESSOR,
        today,
    )
    book.add(
        Observation(
            date=day(40),
            time=time(10, 30),
            venue="Greenway Stores service desk",
            activity=(
                "Greeted a regular customer by name, remembered her earlier complaint about a "
                "late delivery and checked it had been put right before serving her."
            ),
            links=[Link("205", c) for c in ("205.1.1", "205.1.2", "205.2.1", "205 ER4a")],
            decision="competent",
            justification="Personalised service shown without prompting, during routine delivery.",
            feedback="Good use of the customer's history; next time note it on the account.",
        ),
        ASSESSOR,
        today,
    )
    book.add(
        Testimony(
            date=day(44),
            witness_id=sam.id,
            form="written",
            candidate_name="Priya Shah",
            time=time(16, 0),
            venue="Greenway Stores, Leeds",
            description=(
                "During the Easter rush Priya noticed an elderly customer struggling with the "
                "self-checkout, took her to the desk, served her personally and phoned her when "
                "the out-of-stock item arrived two days later."
            ),
            written_on=day(45),
            relationship="her line manager",
            signed=True,
            job_title="Customer Service Supervisor",
            contact="0113 496 0002",
            links=[Link("205", "205 ER4b"), Link("205", "205.2.3")],
        ),
        ASSESSOR,
        today,
    )
    book.add(
        Testimony(
            date=day(50),
            witness_id=sam.id,
            form="written",
            candidate_name="Priya Shah",
            description="Priya meets 205.2.1, 205.2.2 and 205 ER4c.",
            written_on=day(51),
            written_by="candidate",
            links=[Link("205", "205.2.2"), Link("205", "205 ER4c")],
        ),
        ASSESSOR,
        today,
    )
    plan = book.add(
        Plan(
            agreed_on=day(38),
            units=["205", "206"],
            planned_for=day(40),
            venue="Greenway Stores service desk",
            activities="Serve regular customers at the desk; take part in the Saturday rush",
            expected_evidence="Observations, a witness testimony, the complaints log",
            initial_assessment=(
                "Two years on the service desk: strong on everyday service; little experience "
                "of busy periods or of improving the service offer."
            ),
            items=[
                PlannedItem(
                    "observation",
                    "Serving a regular customer at the desk",
                    [Link("205", "205.1.1"), Link("205", "205.1.2")],
                    day(45),
                ),
                PlannedItem(
                    "observation",
                    "The Saturday rush at the tills",
                    [Link("205", "205.1.3"), Link("205", "205.1.4"), Link("205", "205 ER4b")],
                    day(120),
                ),
                PlannedItem(
                    "work_product",
                    "The complaints log, with Priya's ideas for added value",
                    [Link("206", "206.2.1"), Link("206", "206.2.5")],
                    today + timedelta(days=21),
                ),
            ],
            agreed_by_candidate="Priya Shah",
            agreed_by_assessor=ASSESSOR,
        ),
        ASSESSOR,
        today,
    )
    book.add(
        PlanReview(
            plan_id=plan.id,
            date=day(125),
            notes=(
                "Units 301 and 302 signed off. The Saturday observation was put off twice by "
                "staff shortages: next visit is a Saturday."
            ),
            next_visit=today + timedelta(days=4),
            reviewed_by=ASSESSOR,
        ),
        ASSESSOR,
        today,
    )
    for unit, when in (("301", day(60)), ("302", day(62))):
        book.sign_off(
            SignOff(unit=unit, date=when, assessor=ASSESSOR, candidate_declaration=True),
            ASSESSOR,
            today,
        )
    book.countersign("301", "Ruth Okoye (IV)", day(70), "Ruth Okoye", today)

    # 2. OCR Level 3 Diploma: F3 signed off, credits still short
    tom = Candidate(
        name="Tom Reilly",
        date_of_birth=date(2001, 9, 2),
        registration_number="OCR-03456-2290",
        qualification="ocr-l3-diploma",
        units=["F3", "F4", "A13", "B9", "C5", "D8", "D9"],
        registered_on=day(10),
        workplace="Northern Rail ticket office, York",
        contact="tom.reilly@example.org",
        assessor=ASSESSOR,
    )
    book = caseload.create(tom, ASSESSOR, today)
    f3 = library.get("ocr-l3-diploma").unit("F3")
    book.add(
        Observation(
            date=day(30),
            time=time(8, 15),
            venue="York station ticket office",
            activity="Explained off-peak fares and the delay-repay scheme to a queue of commuters.",
            links=[Link("F3", i.code) for i in f3.items if i.evidence == "performance"],
            justification="Service offer explained accurately and in plain language.",
            feedback="Check the customer has understood before moving on.",
        ),
        ASSESSOR,
        today,
    )
    book.add(
        Discussion(
            date=day(32),
            topics="Principles of customer service in rail",
            notes="Tom covered every point of learning outcome 3 with examples from the office.",
            duration_minutes=50,
            links=[Link("F3", i.code) for i in f3.items if i.evidence == "knowledge"],
        ),
        ASSESSOR,
        today,
    )
    book.sign_off(
        SignOff(unit="F3", date=day(40), assessor=ASSESSOR, candidate_declaration=True),
        ASSESSOR,
        today,
    )
    book.add(
        Questioning(
            date=day(45),
            questions=[
                QuestionAnswer(
                    "Who has to approve a change to how refunds are given at the ticket office?",
                    "I would just start doing it if customers liked it.",
                    [Link("F4", "F4 3.2"), Link("F4", "F4 3.3")],
                ),
            ],
            decision="not_yet_competent",
            justification="Did not know the approval route or the limits of his authority.",
            feedback="Ask the station manager how a change is approved; we will go over it again.",
        ),
        ASSESSOR,
        today,
    )

    # 3. Edexcel Level 3: just started, an observation in simulation that counts for nothing
    aisha = Candidate(
        name="Aisha Okafor",
        date_of_birth=date(1988, 1, 30),
        registration_number="EDX-77120",
        qualification="edexcel-l3",
        units=["7", "8", "13", "18", "24", "32", "39", "40"],
        registered_on=day(60),
        workplace="Harbour Hotel, Bristol",
        contact="07700 900123",
        assessor=ASSESSOR,
    )
    book = caseload.create(aisha, ASSESSOR, today)
    book.add(
        Observation(
            date=day(70),
            time=time(14, 0),
            venue="Training suite, Harbour Hotel",
            activity="Role-played a guest complaint about a noisy room.",
            context="simulation",
            links=[Link("32", "32.1")],
            justification="Handled the role-play well.",
            feedback="Now show it with a real guest.",
        ),
        ASSESSOR,
        today,
    )

    # 4. OCR Level 3 NVQ (8-unit): unit 1 signed off
    gareth = Candidate(
        name="Gareth Jones",
        date_of_birth=date(1979, 6, 21),
        registration_number="OCR-NVQ-1187",
        qualification="ocr-l3-nvq",
        units=["1", "2", "3", "4", "5", "6"],
        registered_on=day(5),
        workplace="Valley Leisure Centre, Swansea",
        contact="gareth.jones@example.org",
        assessor=ASSESSOR,
    )
    book = caseload.create(gareth, ASSESSOR, today)
    book.add(
        Observation(
            date=day(25),
            time=time(9, 0),
            venue="Valley Leisure Centre reception",
            activity="Planned the week's bookings rota and logged every enquiry on the system.",
            links=[Link("1", c) for c in ("1.1", "1.2", "1.3")],
            justification="Reliable service planned, reviewed and recorded.",
            feedback="Well organised.",
        ),
        ASSESSOR,
        today,
    )
    book.sign_off(
        SignOff(unit="1", date=day(30), assessor=ASSESSOR, candidate_declaration=True),
        ASSESSOR,
        today,
    )

    # 5. OCR Level 4 Diploma: registered, a plan only
    lena = Candidate(
        name="Lena Novak",
        date_of_birth=date(1985, 11, 3),
        registration_number="OCR-L4-5521",
        qualification="ocr-l4-diploma",
        units=["F5", "F6", "A17", "B13", "C8", "D14", "D16", "D19"],
        registered_on=day(100),
        workplace="Meridian Energy contact centre, Leeds",
        contact="lena.novak@example.org",
        assessor=ASSESSOR,
    )
    book = caseload.create(lena, ASSESSOR, today)
    book.add(
        Plan(
            agreed_on=day(101),
            units=["F5", "B13"],
            planned_for=today + timedelta(days=14),
            venue="Meridian contact centre",
            activities="Run the weekly service review meeting",
            expected_evidence="Observation, minutes of the meeting",
            initial_assessment="Team leader for three years; new to formal service reviews.",
            items=[
                PlannedItem(
                    "observation",
                    "Running the weekly service review meeting",
                    [Link("B13", "B13")],
                    today + timedelta(days=14),
                ),
                PlannedItem(
                    "work_product",
                    "Minutes of the meeting and the actions agreed",
                    [Link("F5", "F5")],
                    today + timedelta(days=28),
                ),
            ],
            agreed_by_candidate="Lena Novak",
            agreed_by_assessor=ASSESSOR,
        ),
        ASSESSOR,
        today,
    )
    settle()  # the folder left at rest: the files the saves replaced unlinked
    return caseload
