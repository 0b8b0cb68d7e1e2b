"""Namespaces of ccmkg. `CCM` fails on a misspelled term instead of minting a new IRI.

Every term listed here is defined in ontology/ccm.ttl (a test checks both ways).
"""
from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

BASE = "https://w3id.org/ccmkg/"
ID = Namespace(BASE + "id/")
CV = Namespace(BASE + "vocab/")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
DOCO = Namespace("http://purl.org/spar/doco/")
TIME = Namespace("http://www.w3.org/2006/time#")


class CCM(DefinedNamespace):
    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # agents
    Agent: URIRef
    State: URIRef
    PoliticalEntity: URIRef
    Organization: URIRef
    InternationalOrganization: URIRef
    RegionalOrganization: URIRef
    UNEntity: URIRef
    RedCrossRedCrescentBody: URIRef
    NonGovernmentalOrganization: URIRef
    Institution: URIRef
    Person: URIRef
    Office: URIRef
    Place: URIRef
    # instruments
    Instrument: URIRef
    Convention: URIRef
    Article: URIRef
    ActionPlan: URIRef
    Action: URIRef
    Declaration: URIRef
    Rule: URIRef
    # meetings and bodies
    Meeting: URIRef
    MeetingOfStatesParties: URIRef
    IntersessionalMeeting: URIRef
    ReviewConference: URIRef
    PlenaryMeeting: URIRef
    Body: URIRef
    WorkingGroup: URIRef
    ThematicArea: URIRef
    CoordinationCommittee: URIRef
    ImplementationSupportUnit: URIRef
    # documents and their structure
    Document: URIRef
    TextPart: URIRef
    Annex: URIRef
    Section: URIRef
    Subsection: URIRef
    Paragraph: URIRef
    SubParagraph: URIRef
    Footnote: URIRef
    Table: URIRef
    TableRow: URIRef
    DocumentReference: URIRef
    # facts drawn from the text
    Fact: URIRef
    Group: URIRef
    Finding: URIRef
    ParticipantList: URIRef
    Membership: URIRef
    StatedFigure: URIRef
    Challenge: URIRef
    DiscussionQuestion: URIRef
    Decision: URIRef
    RoleAssignment: URIRef

    # provenance and structure
    source: URIRef
    quote: URIRef
    asAt: URIRef
    text: URIRef
    number: URIRef
    order: URIRef
    line: URIRef
    heading: URIRef
    footnote: URIRef
    marksFootnote: URIRef
    # agents and identifiers
    iso3166Alpha3: URIRef
    iso3166Alpha2: URIRef
    iso3166Numeric: URIRef
    m49Code: URIRef
    geonamesId: URIRef
    honorific: URIRef
    # groups and memberships
    statedCount: URIRef
    statedCountText: URIRef
    groupNoun: URIRef
    describedStatus: URIRef
    group: URIRef
    member: URIRef
    memberNote: URIRef
    capacity: URIRef
    underRule: URIRef
    meeting: URIRef
    impliesStatus: URIRef
    # findings and figures
    findingKind: URIRef
    theme: URIRef
    concernsArticle: URIRef
    concernsAction: URIRef
    listIsPartial: URIRef
    subsetOf: URIRef
    value: URIRef
    measure: URIRef
    aboutSection: URIRef
    # decisions
    decisionKind: URIRef
    decisionObject: URIRef
    madeAt: URIRef
    subDecisionOf: URIRef
    # roles
    holder: URIRef
    role: URIRef
    roleIn: URIRef
    forYear: URIRef
    onBehalfOf: URIRef
    positionTitle: URIRef
    office: URIRef
    # meetings and bodies
    heldDuring: URIRef
    convenedDuring: URIRef
    location: URIRef
    venue: URIRef
    plenaryCount: URIRef
    openedBy: URIRef
    convenedBy: URIRef
    workingLanguage: URIRef
    maxDurationDays: URIRef
    fundingNote: URIRef
    hostedBy: URIRef
    chairedBy: URIRef
    ledBy: URIRef
    principle: URIRef
    # documents
    submittedBy: URIRef
    revisionOf: URIRef
    addendumTo: URIRef
    amendmentOf: URIRef
    refersTo: URIRef
    titleAsGiven: URIRef
    pinpoint: URIRef
    adoptedFrom: URIRef
    # instruments
    partOfInstrument: URIRef
    # statements of the Declaration, events and reactions
    Statement: URIRef
    DescribedGroup: URIRef
    Event: URIRef
    ReportedUse: URIRef
    Reaction: URIRef
    speaker: URIRef
    speechAct: URIRef
    actAsGiven: URIRef
    addressee: URIRef
    concernsInstrument: URIRef
    dateSource: URIRef
    eventKind: URIRef
    user: URIRef
    inYear: URIRef
    inMonth: URIRef
    inResponseTo: URIRef
    followsUp: URIRef
    counterpart: URIRef
    duringMeeting: URIRef
    concernsChallenge: URIRef
    # coverage: the document sentence by sentence
    Sentence: URIRef
    supportedBy: URIRef
    noFactReason: URIRef
    restates: URIRef
    # the narrative, obstacles, numbers as the text states them
    NarrativeStatement: URIRef
    Obstacle: URIRef
    statementKind: URIRef
    actor: URIRef
    actorAsWritten: URIRef
    statementObject: URIRef
    objectAsWritten: URIRef
    periodFrom: URIRef
    periodTo: URIRef
    prevents: URIRef
    identifiedBy: URIRef
    asAtStatedBy: URIRef
    qualifier: URIRef
    valueText: URIRef
    numerator: URIRef
    denominator: URIRef
    frequency: URIRef
    timing: URIRef
    subjectToReviewBy: URIRef
    # stated or derived; obligations and their register
    DerivationRule: URIRef
    Obligation: URIRef
    StateObligation: URIRef
    ObligationProgress: URIRef
    basis: URIRef
    derivedBy: URIRef
    ruleFile: URIRef
    underArticle: URIRef
    duty: URIRef
    timeLimit: URIRef
    countedFrom: URIRef
    extensionAllowed: URIRef
    bearer: URIRef
    obligation: URIRef
    stateObligation: URIRef
    progress: URIRef
    hasObligation: URIRef


# rdflib's DefinedNamespace resolves each CCM.term through its metaclass's __getattr__ (about
# 1.4 µs, tens of thousands of times per build); as plain class attributes the terms cost a tenth
# of that. Lookups of undeclared names still fail, through the same __getattr__.
for _name in CCM.__annotations__:
    setattr(CCM, _name, CCM._NS[_name])
