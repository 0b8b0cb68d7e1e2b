"""Saved queries give the document's answers.

Every expected value below is read from data/source/CCM-MSP-2011-5.txt (paragraph or footnote named
in the comment), or from the reviewer's notes in tests/expected/status-claims.md; none is copied
from a previous run.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from ccmkg.query import Store, bindings, saved_queries

ROOT = Path(__file__).resolve().parent.parent
QUERIES = saved_queries(ROOT / "queries")


@pytest.fixture(scope="module")
def graph(store) -> Store:
    return store  # the fresh build


def rows(graph: Store, name: str, **params: str) -> list[dict[str, str]]:
    """Rows of a saved query as dicts of plain strings ('' when unbound)."""
    query = QUERIES[name]
    results = graph.run(query.text, bindings(query, params), where=name)
    names = [v.value for v in results.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in results]


def column(result: list[dict[str, str]], wanted: str, **where: str) -> set[str]:
    return {r[wanted] for r in result if all(r[k] == v for k, v in where.items())}


# ------------------------------------------------------------------ every query parses and runs

@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_has_header(name):
    query = QUERIES[name]
    assert query.summary and query.description and query.tags, name


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_runs_with_its_examples(graph, name):
    query = QUERIES[name]
    examples = {p.name: p.example for p in query.params}
    results = graph.run(query.text, bindings(query, examples), where=name)
    assert isinstance(results, ox.QuerySolutions)
    list(results)


def test_at_least_24_saved_queries():
    assert len(QUERIES) >= 24


@pytest.mark.parametrize("name", sorted(n for n in QUERIES if n.startswith("check-")))
def test_checks_return_no_rows(graph, name):
    assert rows(graph, name) == []


# ------------------------------------------------------------------ participation

def test_participant_counts(graph):
    # paras 8-10 state 46, six, 38; para 11 names 41 (no number), 12: six UN bodies, 13: four, 14: six
    got = {r["source"]: (r["stated"], r["listed"]) for r in rows(graph, "participant-counts")}
    assert got == {"main__para_8": ("46", "46"), "main__para_9": ("6", "6"),
                   "main__para_10": ("38", "38"), "main__para_11": ("", "41"),
                   "main__para_12": ("", "6"), "main__para_13": ("", "4"), "main__para_14": ("", "6")}


def test_parties_not_attending(graph):
    # Botswana and Panama (fn 1), Malawi (fn 74), San Marino (fn 71, 73): parties, in no list of paras 8-14
    assert column(rows(graph, "parties-not-attending"), "iso3") == {"BWA", "PAN", "MWI", "SMR"}


def test_observers_by_kind_and_rule(graph):
    result = rows(graph, "observers")
    # para 12: six UN entities under rule 1 (2); para 14: six under rule 1 (3)
    assert len([r for r in result if r["source"] == "main__para_12" and r["rule"] == "1 (2)"]) == 6
    assert len([r for r in result if r["source"] == "main__para_14" and r["rule"] == "1 (3)"]) == 6
    assert column(result, "kind", name="Palestine") == {"political entity"}
    assert len(column(result, "name", source="main__para_10")) == 38


def test_state_profile_by_name_and_code(graph):
    by_code = rows(graph, "state-profile", state="AFG")
    by_name = rows(graph, "state-profile", state="afghanistan")
    assert [r["source"] for r in by_code] == [r["source"] for r in by_name]
    # para 9: ratified, not in force, at the Meeting; fn 2, 33, 38, 44, 46, 58, 60: a signatory
    assert column(by_code, "detail", aspect="capacity") == {"ratified-not-in-force"}
    assert column(by_code, "source", status="signatory") == {
        f"annex_2__fn_{n}" for n in (2, 33, 38, 44, 46, 58, 60)}


def test_state_profile_roles_and_documents(graph):
    result = rows(graph, "state-profile", state="NOR")
    # para 16: Friend on the Vientiane Action Plan; Annex III: WP.3/Rev.1/Amend.1, WP.8, WP.9 with Switzerland
    assert any("vap-implementation" in d for d in column(result, "detail", aspect="role"))
    assert column(result, "detail", aspect="submitted") == {
        "CCM/MSP/2011/WP.3/Rev.1/Amend.1", "CCM/MSP/2011/WP.8", "CCM/MSP/2011/WP.9"}


# ------------------------------------------------------------------ findings by theme

def test_obligations(graph):
    result = rows(graph, "obligations")
    # fn 8 (seven declared) and fn 13 (four whose stockpiles will have to be destroyed)
    assert column(result, "iso3", article="3") == {"HRV", "DNK", "FRA", "DEU", "JPN", "SVN", "GBR",
                                                   "BIH", "CHL", "GNB", "NLD"}
    # fn 32 and 33: seven States parties and seven signatories under article 4
    assert len(column(result, "iso3", article="4")) == 14
    # fn 43 and 44: eight and five under article 5 (1)
    assert len(column(result, "iso3", article="5", status="party")) == 8
    assert column(result, "iso3", article="5", status="signatory") == {"AFG", "AGO", "TCD", "COD", "IRQ"}


def test_assistance_needs_by_area(graph):
    result = rows(graph, "assistance-needs")
    # para 59: fn 55/56 stockpile destruction, 57/58 clearance, 59/60 victim assistance
    assert column(result, "iso3", area="stockpile destruction", footnote="55") == {"BIH", "HRV", "GNB"}
    assert column(result, "iso3", area="stockpile destruction", footnote="56") == {"CIV"}
    assert column(result, "iso3", area="clearance") == {"HRV", "LAO", "LBN", "AFG", "IRQ"}
    assert column(result, "iso3", area="victim assistance") == {"ALB", "LAO", "LBN", "AFG"}
    # fn 54: the six with a general need
    assert column(result, "iso3", area="general") == {"ALB", "BIH", "HRV", "GNB", "LAO", "LBN"}
    # Lebanon needs clearance help and has article 4 obligations (fn 32)
    assert column(result, "obligation_footnote", iso3="LBN", area="clearance") == {"32"}


def test_stockpiles(graph):
    result = rows(graph, "stockpiles")
    assert column(result, "iso3", kind="stockpile-obligation") == {
        "HRV", "DNK", "FRA", "DEU", "JPN", "SVN", "GBR"}                      # fn 8
    assert column(result, "iso3", kind="stockpile-destruction-begun") == {"FRA", "DEU", "GBR"}  # fn 9
    assert column(result, "iso3", kind="stockpile-destruction-planned") == {
        "HRV", "DNK", "SVN", "JPN"}                                           # fn 10, 11
    assert column(result, "iso3", kind="stockpile-destruction-completed", footnote="12") == {
        "AUT", "BEL", "ECU", "MNE", "NOR", "PRT", "MDA", "ESP"}               # fn 12
    assert column(result, "iso3", kind="stockpile-destruction-completed", status="signatory") == {"HUN"}  # fn 19


def test_retention(graph):
    result = rows(graph, "retention")
    assert column(result, "iso3", kind="retention", status="party") == {
        "BEL", "DNK", "FRA", "DEU", "ESP", "GBR"}                             # fn 25
    assert column(result, "iso3", kind="retention", status="signatory") == {"AUS", "CZE"}  # fn 26


def test_signatory_stockpiles(graph):
    result = rows(graph, "signatory-stockpiles")
    held = {r["iso3"] for r in result if "stockpile-held" in r["kinds"].split()}
    # fn 16 lists 15 signatories with existing stockpiles; fn 14 (Canada) is one of them
    assert held == {"AGO", "CAN", "CIV", "CZE", "GIN", "IDN", "ITA", "NGA", "PER", "COG", "RWA",
                    "ZAF", "SWE", "CHE", "UGA"}
    previously = {r["iso3"] for r in result if "stockpile-previously-held" in r["kinds"].split()}
    assert previously == {"AUS", "COL", "HND", "HUN", "IRQ"}                  # fn 15


def test_clearance(graph):
    result = rows(graph, "clearance")
    assert column(result, "iso3", kind="clearance-completed") == {"ALB", "ZMB"}   # fn 36
    assert column(result, "iso3", kind="risk-reduction", footnote="41") == {
        "ALB", "BEL", "HRV", "DEU", "LAO", "NOR"}                             # fn 41
    # fn 38 calls Sudan a signatory
    assert column(result, "status", iso3="SDN") == {"signatory"}


def test_worst_affected(graph):
    result = rows(graph, "worst-affected")
    assert column(result, "iso3", footnote="35") == {"KHM", "VNM", "IRQ", "LAO"}   # fn 35
    assert column(result, "iso3", status="not-party") == {"KHM", "VNM"}          # fn 47


def test_victim_assistance_includes_worst_affected_not_party(graph):
    result = rows(graph, "victim-assistance")
    # para 47: fn 45 (LAO, LBN), 46 (AFG, IRQ), 47 (KHM, VNM, States not party)
    assert column(result, "iso3", kind="worst-affected") == {"LAO", "LBN", "AFG", "IRQ", "KHM", "VNM"}
    assert column(result, "iso3", kind="victim-data-collection") == {"AGO", "IRQ"}  # fn 50
    assert "35" not in column(result, "footnote")      # para 38's most affected are clearance


def test_cooperation(graph):
    result = rows(graph, "cooperation")
    assert column(result, "iso3", role="provides funding", status="party") == {
        "AUT", "BEL", "DNK", "FRA", "DEU", "VAT", "IRL", "JPN", "LTU", "LUX", "NZL", "NOR", "SVN",
        "ESP", "GBR"}                                                         # fn 61
    assert column(result, "iso3", role="receives funding") == {"ALB", "LAO", "MDA"}  # fn 62
    assert column(result, "iso3", role="provides funding", status="signatory") == {"AUS", "CHE"}  # fn 63


def test_transparency(graph):
    result = rows(graph, "transparency")
    values = {r["value"] for r in result}
    assert {"47", "32", "26", "9"} <= values                # paras 14 and 71
    assert column(result, "value", source="annex_2__fn_70") == {"CAN", "COD"}   # fn 70


def test_national_implementation(graph):
    result = rows(graph, "national-implementation")
    assert column(result, "iso3", kind="specific-legislation") == {
        "AUT", "BEL", "FRA", "DEU", "IRL", "JPN", "LUX", "NZL", "NOR", "ESP", "GBR"}   # fn 72
    assert column(result, "iso3", kind="existing-legislation-adequate") == {
        "VAT", "LTU", "MLT", "MEX", "MNE", "MDA", "SMR", "SVN"}                         # fn 73
    assert column(result, "iso3", kind="legislation-in-progress", status="signatory") == {
        "AUS", "CAN", "COD"}                                                             # fn 75


def test_universalization(graph):
    result = rows(graph, "universalization")
    assert len(column(result, "iso3", footnote="1")) == 13                  # fn 1 lists 13 names
    assert column(result, "iso3", footnote="3") == {"COD", "DOM", "GMB"}    # fn 3


def test_finding_members(graph):
    result = rows(graph, "finding-members", footnote="8")
    assert {r["iso3"] for r in result} == {"HRV", "DNK", "FRA", "DEU", "JPN", "SVN", "GBR"}
    assert {r["stated"] for r in result} == {"7"}
    # fn 23: "one State party and one signatory State": Colombia and United Kingdom
    mixed = {r["iso3"]: r["status"] for r in rows(graph, "finding-members", footnote="23")}
    assert mixed == {"COL": "signatory", "GBR": "party"}


def test_vap_actions(graph):
    actions = {r["action"]: r for r in rows(graph, "vap-actions")}
    # para 31 (action No. 8): the seven of fn 17; para 74 (action No. 63): fn 71-75
    assert {"8", "9", "63", "65"} <= set(actions)
    assert set(actions["65"]["iso3s"].split()) == {"IRL", "NOR"}            # fn 76
    states = column(rows(graph, "vap-action-states", action="8"), "iso3", footnote="17")
    assert states == {"HRV", "DNK", "FRA", "DEU", "JPN", "SVN", "GBR"}


# ------------------------------------------------------------------ roles, decisions, documents, meetings

def test_friends_of_the_president(graph):
    result = rows(graph, "friends-of-the-president")
    assert len(result) == 16                                                # para 16: 11 with a theme + 5
    assert column(result, "iso3", theme="") == {"CHL", "HRV", "IDN", "SVN", "ZMB"}
    assert column(result, "theme", iso3="DEU") == {"stockpile-destruction"}


def test_officers_and_persons(graph):
    result = rows(graph, "officers-and-persons")
    assert column(result, "holder", role="vice-president") == {
        "France", "Ghana", "Guatemala", "Lao People's Democratic Republic"}  # para 17
    assert column(result, "holder", role="secretary-general") == {"Peter Kolarov"}   # para 18
    assert column(result, "holder", role="message-deliverer") == {
        "Sergio Duarte", "Christine Beerli", "Branislav Kapetanovic", "Randa Assi Berri"}  # para 20


def test_decisions(graph):
    result = rows(graph, "decisions")
    established = " | ".join(column(result, "objects", kind="establish"))
    # para 27 (c)-(e): six working groups, two thematic areas, the Coordination Committee
    for body in ("Working Group on Universalization", "Reporting", "Coordination Committee"):
        assert body in established
    adopted = " | ".join(column(result, "objects", kind="adopt"))
    for symbol in ("CCM/MSP/2011/1", "CCM/MSP/2011/2", "CCM/MSP/2011/4", "CCM/MSP/2011/WP.9"):
        assert symbol in adopted                                            # paras 19, 29 (c)


def test_documents(graph):
    result = {r["symbol"]: r for r in rows(graph, "documents")}
    assert len(result) == 25                                                # Annex III rows
    assert result["CCM/MSP/2011/WP.1/Rev.3"]["root"] == "CCM/MSP/2011/WP.1"
    assert result["CCM/MSP/2011/WP.3/Rev.1/Amend.1"]["relation"] == "amendment of"
    assert result["CCM/MSP/2011/WP.8"]["submitted_by"] in ("Norway and Switzerland",
                                                           "Switzerland and Norway")


def test_document_titles(graph):
    # para 23 vs Annex III: "Cluster Munition Act" vs "Cluster Munitions Act"; "needed in place by" vs "needed by"
    symbols = column(rows(graph, "document-titles"), "symbol")
    assert {"CCM/MSP/2011/WP.6", "CCM/MSP/2011/WP.7"} <= symbols


def test_future_meetings(graph):
    result = {r["meeting"]: r for r in rows(graph, "future-meetings")}
    third = result["Third Meeting of States Parties to the Convention on Cluster Munitions"]
    # para 31: week of 10 to 14 September 2012, in Norway, Steffen Kongstad, up to four days
    assert (third["start"], third["end"], third["place"], third["president"], third["max_days"]) == (
        "2012-09-10", "2012-09-14", "Norway", "Steffen Kongstad", "4")
    inter = result["Informal intersessional meeting 2012"]
    # para 27 (b): 16 to 19 April 2012, World Meteorological Organization, Geneva
    assert (inter["start"], inter["end"], inter["place"]) == ("2012-04-16", "2012-04-19", "Geneva")


def test_coordinators_area_count(graph):
    # para 28: 8 areas; 14 State-area pairs, 22 State-year rows
    result = rows(graph, "coordinators")
    assert len(column(result, "area")) == 8 and len(result) == 22


# ------------------------------------------------------------------ counts and statuses

def test_count_check(graph):
    got = {(r["source"], r["stated"], r["listed"]) for r in rows(graph, "count-check")}
    assert got == {
        ("annex_2__fn_1", "14", "13"),       # "13 signatories have ratified and 1 State has acceded", 13 names
        ("annex_1__para_1", "40", "41"),     # "the 40 non-signatory States" vs the 41 names of para 11
        ("annex_2__para_44", "8", "7"),      # fn 41 "eight affected States parties" vs the seven of fn 32
        ("annex_2__fn_53", "19", "18"),      # fn 53 vs the union of fn 8, 13, 32, 43
        ("annex_2__para_4", "9", "10"),      # "at least nine" vs fn 2 + fn 3
        ("annex_2__para_71", "47", "41"),    # 47 with deadlines vs 32 submitted + 9 not
    }


def test_status_claims(graph):
    result = rows(graph, "status-claims", state="SDN")
    assert {(r["status"], r["source"]) for r in result} == {
        ("signatory", "annex_2__fn_38"), ("non-signatory", "main__para_11")}


def test_status_conflicts(graph):
    result = rows(graph, "status-conflicts")
    assert column(result, "iso3") == {"CAN", "CHE", "COD", "SDN"}
    pairs = {(r["iso3"], frozenset({r["claim_source"], r["other_source"]})) for r in result}
    # Canada: fn 21, 70 (States parties) against fn 14, 16, 75 and para 10 (signatory): 2 x 4
    assert {p for p in pairs if p[0] == "CAN"} == {
        ("CAN", frozenset({a, b})) for a in ("annex_2__fn_21", "annex_2__fn_70")
        for b in ("annex_2__fn_14", "annex_2__fn_16", "annex_2__fn_75", "main__para_10")}
    # Switzerland: fn 22, 69 against fn 16, 63 and para 10
    assert len([p for p in pairs if p[0] == "CHE"]) == 6
    # Democratic Republic of the Congo: fn 70 against fn 3, 33, 38, 42, 44, 75 and para 10
    assert len([p for p in pairs if p[0] == "COD"]) == 7
    assert ("SDN", frozenset({"annex_2__fn_38", "main__para_11"})) in pairs
    # Afghanistan (a change) and Bulgaria (party in fn 1, ratified in para 9) are not conflicts
    assert not column(result, "iso3") & {"AFG", "BGR", "CRI", "GRD"}


def test_status_changes(graph):
    result = rows(graph, "status-changes")
    assert [(r["iso3"], r["from_status"], r["from_date"], r["to_status"], r["to_date"]) for r in result] == [
        ("AFG", "signatory", "2011-08-20", "ratified-not-in-force", "2011-09-13")]
    assert set(result[0]["from_sources"].split()) == {
        f"annex_2__fn_{n}" for n in (2, 33, 38, 44, 46, 58, 60)}
