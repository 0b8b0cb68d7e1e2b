"""pySHACL, the reference engine for SHACL Core (`ccmkg validate --engine pyshacl`), with its
results as ccmkg's."""
from __future__ import annotations

from rdflib import RDF, Graph
from rdflib.namespace import SH

from .index import owning_shape, path_text
from .results import Result


def core_results(graph: Graph, core: Graph) -> list[Result]:
    return [result for _, result in component_results(graph, core)]


def component_results(graph: Graph, core: Graph) -> list[tuple[str, Result]]:
    """pySHACL's results, each with its sh:sourceConstraintComponent ("minCount", "class", ...)."""
    from pyshacl import validate as shacl_validate  # its import alone takes 0.2 s

    _, report, _ = shacl_validate(graph, shacl_graph=core, inference="none", advanced=False,
                                  meta_shacl=False, allow_warnings=True)
    out = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        value = report.value(node, SH.value)
        component = str(report.value(node, SH.sourceConstraintComponent))
        out.append((component_name(component), Result(
            severity=str(report.value(node, SH.resultSeverity)).split("#")[-1],
            shape=str(owning_shape(core, report.value(node, SH.sourceShape))),
            focus=str(report.value(node, SH.focusNode)),
            message=str(report.value(node, SH.resultMessage) or ""),
            path=path_text(report, report.value(node, SH.resultPath)),
            value="" if value is None else str(value))))
    return out


def component_name(iri: str) -> str:
    """sh:MinCountConstraintComponent -> minCount, as ccmkg's compiler names components."""
    name = iri.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    return name[:1].lower() + name[1:]
