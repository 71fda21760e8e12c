"""The Model Openness Framework: components, the class a model reaches, and what is missing.

Modules, in the order of the data flow: ``framework`` (MOF's components and
classes, the :class:`Declaration` of a model), ``manifests`` and ``cyclonedx``
(declarations read from MOT YAML, licensecheck's manifest, a Hugging Face
model card, a CycloneDX ML-BOM), ``names`` (declared names read as licenses),
``evaluation`` (the class by MOT's rules) and ``assessment`` (licensecheck's
verdict per component, the class, what is missing, the OSAID view).
"""

from .assessment import (
    CONDITIONS, INVALID, NOT_OPEN, NOT_RELEASED, OPEN, OSAID_CODE, TYPE_MISMATCH, UNLICENSED_VERDICT, Assessment,
    ComponentVerdict, assess, assess_file,
)
from .cyclonedx import BomError, is_cyclonedx, read_cyclonedx
from .evaluation import ClassEvaluation, evaluate, model_class, progress
from .framework import (
    CLASS_LABELS, RESEARCH_PAPER, TECHNICAL_REPORT, UNLICENSED, Component, Declaration, component_by_name, components,
    mot_open_ids, mot_type_appropriate,
)
from .manifests import license_texts, load_declaration, read_declaration_file, read_mot
from .names import read_license_name

__all__ = [
    "CLASS_LABELS", "CONDITIONS", "INVALID", "NOT_OPEN", "NOT_RELEASED", "OPEN", "OSAID_CODE", "RESEARCH_PAPER",
    "TECHNICAL_REPORT", "TYPE_MISMATCH", "UNLICENSED", "UNLICENSED_VERDICT", "Assessment", "BomError", "ClassEvaluation",
    "Component", "ComponentVerdict", "Declaration", "assess", "assess_file", "component_by_name", "components", "evaluate",
    "is_cyclonedx", "license_texts", "load_declaration", "model_class", "mot_open_ids", "mot_type_appropriate", "progress",
    "read_cyclonedx", "read_declaration_file", "read_license_name", "read_mot",
]
