"""Save and load the clause classifier artifact: a skops file plus ``meta.json``.

Loading trusts only the scikit-learn and NumPy types that our own training
writes; anything else in the file is refused. The file's sha256 is checked
against ``meta.json``, which the model card quotes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from .errors import ModelError
from .taxonomy import LABELS, TAXONOMY_VERSION

MODEL_FILE = "clause-classifier.skops"
META_FILE = "clause-classifier.meta.json"
CONSTRAINTS_FILE = "train-constraints.txt"  # the pinned packages the shipped model was trained with

# Every type our training pipeline puts in the artifact; nothing else loads.
TRUSTED_TYPES = [
    "builtins.dict",
    "builtins.list",
    "builtins.tuple",
    "builtins.int",
    "builtins.float",
    "builtins.str",
    "builtins.NoneType",
    "numpy.ndarray",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "sklearn.pipeline.Pipeline",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.feature_extraction.text.HashingVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.multiclass._ConstantPredictor",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.svm._classes.LinearSVC",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.frozen._frozen.FrozenEstimator",
    "sklearn.preprocessing._label.LabelBinarizer",
    "licensecheck.embedding.transformer.ClauseVectors",
]
_ZIP_DATE = (2023, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class ModelMeta:
    """What the artifact was trained on and how well it did."""

    labels: tuple[str, ...]
    thresholds: dict[str, float]
    sha256: str
    sklearn_version: str
    taxonomy_version: str = TAXONOMY_VERSION
    corpus_sha256: str = ""
    approach: str = "tfidf-lr"
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form written to ``meta.json``."""
        return {
            "labels": list(self.labels),
            "thresholds": self.thresholds,
            "sha256": self.sha256,
            "sklearn_version": self.sklearn_version,
            "taxonomy_version": self.taxonomy_version,
            "corpus_sha256": self.corpus_sha256,
            "approach": self.approach,
            **self.extra,
        }


def default_model_dir() -> Path:
    """Where the shipped model lives: the installed ``licensecheck.models`` package or the checkout's ``models/``."""
    try:
        packaged = Path(str(resources.files("licensecheck.models")))
        if (packaged / MODEL_FILE).is_file():
            return packaged
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "models"


def save_model(estimator: Any, meta: dict[str, Any], model_dir: Path) -> ModelMeta:
    """Write the estimator with skops (byte-for-byte reproducible) and its meta JSON."""
    import skops.io as sio

    data = _reproducible_zip(sio.dumps(estimator))
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / MODEL_FILE).write_bytes(data)
    extra = {key: value for key, value in meta.items() if key not in {"labels", "thresholds", "sklearn_version", "corpus_sha256", "approach"}}
    result = ModelMeta(
        labels=tuple(meta["labels"]),
        thresholds=dict(meta["thresholds"]),
        sha256=hashlib.sha256(data).hexdigest(),
        sklearn_version=meta["sklearn_version"],
        corpus_sha256=meta.get("corpus_sha256", ""),
        approach=meta.get("approach", "tfidf-lr"),
        extra=extra,
    )
    (model_dir / META_FILE).write_text(json.dumps(result.to_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return result


def read_constraints(path: Path) -> dict[str, str]:
    """The ``name==version`` pins of a pip constraints file (names lower-cased).

    Comments and blank lines are skipped; other specifiers are not pins and are ignored.
    """
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        name, sep, version = line.partition("==")
        if sep:
            pins[name.strip().lower()] = version.strip()
    return pins


def training_environment(packages: Iterable[str]) -> dict[str, Any]:
    """What decides a trained model's exact bytes: Python, the machine, the packages' versions and the BLAS kernel."""
    import platform
    from importlib import metadata

    versions = {}
    for name in sorted(packages):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    blas = []
    try:
        import scipy.linalg  # noqa: F401 - loads scikit-learn's BLAS, so the list below does not depend on import order
        from threadpoolctl import threadpool_info

        blas = sorted(f"{info['internal_api']} {info.get('version')} {info.get('architecture')}" for info in threadpool_info() if info.get("user_api") == "blas")
    except ImportError:  # threadpoolctl comes with scikit-learn; without it the kernel is unknown
        blas = ["unknown"]
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "packages": versions,
        "blas": blas,
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", ""),
    }


def constraint_mismatches(pins: dict[str, str], environment: dict[str, Any]) -> list[str]:
    """``name installed (pinned version)`` for every pinned package whose installed version differs."""
    installed = environment["packages"]
    return [f"{name} {installed.get(name, 'not installed')} (pinned {version})" for name, version in sorted(pins.items()) if installed.get(name) != version]


def model_sha256(model_dir: str | Path | None = None) -> str:
    """The sha256 the model's meta.json records (no model loading), for cache keys."""
    directory = Path(model_dir) if model_dir else default_model_dir()
    try:
        return str(json.loads((directory / META_FILE).read_text(encoding="utf-8"))["sha256"])
    except (OSError, ValueError, KeyError) as error:
        raise ModelError(f"{directory}: no trained model ({META_FILE}); run 'licensecheck train'") from error


def load_model(model_dir: str | Path | None = None) -> tuple[Any, ModelMeta]:
    """Load the estimator and its meta, checking hash, trusted types and versions."""
    model_path, data, meta = _read_checked(model_dir)
    _check_compatible(meta, model_path)
    return _load_trusted(data, model_path), meta


def load_scorer(model_dir: str | Path | None = None) -> tuple[Any, ModelMeta]:
    """What scores clauses: the model's arrays as NumPy (:mod:`licensecheck.linear`), else the estimator.

    The artifact's sha256 is checked either way. On the first load of an
    artifact its arrays are cached (in ``licensecheck.identify.cache_dir()``),
    so later starts need neither scikit-learn nor skops. The NumPy scorer
    gives scikit-learn's probabilities and hashes all clauses of a call at
    once; only pipelines it cannot represent are scored by scikit-learn.
    """
    from .linear import LinearModel, from_estimator

    model_path, data, meta = _read_checked(model_dir)
    _check_taxonomy(meta, model_path)
    cached = _linear_cache(meta.sha256)
    if cached.is_file():
        try:
            return LinearModel.load(cached), meta
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache is rewritten below
    _check_compatible(meta, model_path)
    estimator = _load_trusted(data, model_path)
    linear = from_estimator(estimator)
    if linear is None:
        return estimator, meta
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp.npz")
        linear.save(temporary)
        os.replace(temporary, cached)
    except OSError:
        pass  # a read-only cache only costs the slower start next time
    return linear, meta


def _linear_cache(sha256: str) -> Path:
    from .identify import cache_dir
    from .linear import FORMAT_VERSION

    return cache_dir() / "models" / f"clause-classifier-{sha256[:32]}-v{FORMAT_VERSION}.npz"


def _read_checked(model_dir: str | Path | None) -> tuple[Path, bytes, ModelMeta]:
    """The artifact's bytes and meta, the bytes checked against the sha256 in the meta."""
    directory = Path(model_dir) if model_dir else default_model_dir()
    model_path, meta_path = directory / MODEL_FILE, directory / META_FILE
    if not model_path.is_file() or not meta_path.is_file():
        raise ModelError(f"{directory}: no trained model ({MODEL_FILE} and {META_FILE}); run 'licensecheck train'")
    data = model_path.read_bytes()
    try:
        raw = json.loads(meta_path.read_text(encoding="utf-8"))
        meta = ModelMeta(
            labels=tuple(raw["labels"]),
            thresholds={key: float(value) for key, value in raw["thresholds"].items()},
            sha256=raw["sha256"],
            sklearn_version=raw["sklearn_version"],
            taxonomy_version=raw.get("taxonomy_version", ""),
            corpus_sha256=raw.get("corpus_sha256", ""),
            approach=raw.get("approach", "tfidf-lr"),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise ModelError(f"{meta_path}: unreadable model metadata ({error})") from error
    if hashlib.sha256(data).hexdigest() != meta.sha256:
        raise ModelError(f"{model_path}: sha256 differs from {META_FILE}; the model file was changed or corrupted")
    return model_path, data, meta


def _load_trusted(data: bytes, model_path: Path) -> Any:
    import skops.io as sio

    try:
        untrusted = set(sio.get_untrusted_types(data=data))
        refused = sorted(untrusted - set(TRUSTED_TYPES))
        if refused:
            raise ModelError(f"{model_path}: refusing to load untrusted types: {', '.join(refused)}")
        return sio.loads(data, trusted=sorted(untrusted))
    except ModelError:
        raise
    except Exception as error:  # skops raises many kinds on a damaged file
        raise ModelError(f"{model_path}: cannot load the model ({error})") from error


def _check_taxonomy(meta: ModelMeta, model_path: Path) -> None:
    if meta.taxonomy_version != TAXONOMY_VERSION or set(meta.labels) - set(LABELS):
        raise ModelError(f"{model_path}: trained for taxonomy v{meta.taxonomy_version}, this is v{TAXONOMY_VERSION}; retrain")


def _check_compatible(meta: ModelMeta, model_path: Path) -> None:
    import sklearn

    _check_taxonomy(meta, model_path)
    if meta.sklearn_version.split(".")[:2] != sklearn.__version__.split(".")[:2]:
        warnings.warn(
            f"{model_path.name} was trained with scikit-learn {meta.sklearn_version}, running {sklearn.__version__}; "
            "predictions may differ (run 'licensecheck train')",
            stacklevel=3,
        )


def _reproducible_zip(data: bytes) -> bytes:
    """Rewrite a skops zip so equal models give equal bytes.

    skops names objects by their memory address (``__id__`` and ``<id>.npy``),
    which changes from run to run; they are renumbered in order of first
    appearance in ``schema.json``. Entries are sorted, dated 2023-01-01 and deflated.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        schema = source.read("schema.json").decode("utf-8")
        renumber: dict[str, str] = {}
        for address in re.findall(r"\b\d{9,}\b", schema):
            renumber.setdefault(address, str(10**12 + len(renumber)))
        entries = {"schema.json": re.sub(r"\b\d{9,}\b", lambda match: renumber[match.group(0)], schema).encode("utf-8")}
        for name in source.namelist():
            if name != "schema.json":
                stem, dot, suffix = name.partition(".")
                entries[renumber.get(stem, stem) + dot + suffix] = source.read(name)
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name], compresslevel=9)
    return out.getvalue()
