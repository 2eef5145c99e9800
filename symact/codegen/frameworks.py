r"""The frameworks' own activations, for the accuracy columns beside symact's.

:data:`TORCH` and :data:`JAX` map a catalog name to the framework's implementation at the
catalog's default parameters (PyTorch's ``torch.nn.functional``, JAX's ``jax.nn``); the
derivative is the framework's own: ``autograd`` (backward of a sum) for PyTorch,
``jit(vmap(grad(f)))`` for JAX. Both are imported only when asked for; :func:`function` returns
None when the framework is not installed or has no such activation, and :func:`missing` says why.
Importing JAX through this module turns on ``jax_enable_x64`` (float64 arrays stay float64), a
process-wide JAX setting.

At a kink (ReLU at 0, hardtanh at ±1, …) a framework's one-sided choice of derivative may differ
from the catalog's; such points show up as errors of the convention, not of the arithmetic.

>>> TORCH["gelu_tanh"].label, JAX["gelu_tanh"].label
("nn.functional.gelu(approximate='tanh')", 'nn.gelu(approximate=True)')
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Entry:
    """A framework activation: how it is written, and how to build it from the module."""

    label: str
    build: Callable


def _f(path: str, **kw) -> Entry:
    """``torch.<path>`` / ``jax.<path>`` with keyword arguments, e.g. ``nn.functional.gelu``."""
    def build(mod):
        fn = mod
        for part in path.split("."):
            fn = getattr(fn, part)
        return (lambda x: fn(x, **kw)) if kw else fn
    args = ", ".join(f"{k}={v!r}" for k, v in kw.items())
    return Entry(f"{path}({args})" if args else path, build)


def _torch_prelu(torch):
    return lambda x: torch.nn.functional.prelu(x, torch.tensor([0.25], dtype=x.dtype))


TORCH: dict[str, Entry] = {
    "sigmoid": _f("sigmoid"), "tanh": _f("tanh"), "hardtanh": _f("nn.functional.hardtanh"),
    "softsign": _f("nn.functional.softsign"), "relu": _f("nn.functional.relu"),
    "leaky_relu": _f("nn.functional.leaky_relu", negative_slope=0.01),
    "prelu": Entry("nn.functional.prelu(weight=0.25)", _torch_prelu),
    "rrelu": _f("nn.functional.rrelu", lower=1 / 8, upper=1 / 3, training=False),
    "relu6": _f("nn.functional.relu6"), "elu": _f("nn.functional.elu"), "selu": _f("nn.functional.selu"),
    "celu": _f("nn.functional.celu"), "gelu": _f("nn.functional.gelu", approximate="none"),
    "gelu_tanh": _f("nn.functional.gelu", approximate="tanh"), "swish": _f("nn.functional.silu"),
    "hard_sigmoid": _f("nn.functional.hardsigmoid"), "hard_swish": _f("nn.functional.hardswish"),
    "mish": _f("nn.functional.mish"), "softplus": _f("nn.functional.softplus"),
    "log_sigmoid": _f("nn.functional.logsigmoid"), "tanhshrink": _f("nn.functional.tanhshrink"),
    "softshrink": _f("nn.functional.softshrink", lambd=0.5), "hardshrink": _f("nn.functional.hardshrink", lambd=0.5),
    "threshold": _f("nn.functional.threshold", threshold=0.5, value=0.0),
}

JAX: dict[str, Entry] = {
    "sigmoid": _f("nn.sigmoid"), "tanh": _f("nn.tanh"), "hardtanh": _f("nn.hard_tanh"),
    "softsign": _f("nn.soft_sign"), "relu": _f("nn.relu"), "leaky_relu": _f("nn.leaky_relu", negative_slope=0.01),
    "relu6": _f("nn.relu6"), "elu": _f("nn.elu"), "selu": _f("nn.selu"), "celu": _f("nn.celu"),
    "gelu": _f("nn.gelu", approximate=False), "gelu_tanh": _f("nn.gelu", approximate=True),
    "swish": _f("nn.silu"), "hard_sigmoid": _f("nn.hard_sigmoid"), "hard_swish": _f("nn.hard_swish"),
    "mish": _f("nn.mish"), "softplus": _f("nn.softplus"), "log_sigmoid": _f("nn.log_sigmoid"),
    "squareplus": _f("nn.squareplus", b=4), "sparse_plus": _f("nn.sparse_plus"),
    "sparse_sigmoid": _f("nn.sparse_sigmoid"),
}

TABLES = {"torch": TORCH, "jax": JAX}
TITLES = {"torch": "PyTorch", "jax": "JAX"}


def _module(framework: str):
    """The framework's module, or None when it is not installed."""
    try:
        mod = importlib.import_module(framework)
    except ImportError:
        return None
    if framework == "jax":
        mod.config.update("jax_enable_x64", True)  # float64 in, float64 computed (not float32)
    return mod


def missing(framework: str) -> str | None:
    """None when the framework can be imported, else a one-line note."""
    return None if _module(framework) is not None else f"{TITLES[framework]} is not installed: column skipped"


class FrameworkFunction:
    """A framework activation on NumPy arrays: ``f(x)`` and ``f.value_and_grad(x)`` in x's dtype."""

    def __init__(self, framework: str, mod, fn: Callable, label: str):
        self.framework, self.label = framework, label
        self._mod, self._fn = mod, fn
        if framework == "jax":
            self._value = mod.jit(fn)
            self._grad = mod.jit(mod.vmap(mod.grad(fn)))

    def __call__(self, x) -> np.ndarray:
        x = np.ascontiguousarray(x)
        if self.framework == "torch":
            with self._mod.no_grad():
                return self._fn(self._mod.from_numpy(x)).numpy()
        return np.asarray(self._value(self._mod.numpy.asarray(x)))

    def value_and_grad(self, x) -> tuple[np.ndarray, np.ndarray]:
        x = np.ascontiguousarray(x)
        if self.framework == "torch":
            t = self._mod.from_numpy(x.copy()).requires_grad_(True)
            y = self._fn(t)
            y.backward(self._mod.ones_like(y))
            return y.detach().numpy(), t.grad.numpy()
        xj = self._mod.numpy.asarray(x)
        return np.asarray(self._value(xj)), np.asarray(self._grad(xj))


def function(name: str, framework: str) -> FrameworkFunction | None:
    """The framework's own ``name`` (a canonical catalog name, default parameters), or None."""
    entry = TABLES[framework].get(name)
    if entry is None:
        return None
    mod = _module(framework)
    if mod is None:
        return None
    return FrameworkFunction(framework, mod, entry.build(mod), f"{framework}.{entry.label}")


__all__ = ["JAX", "TABLES", "TITLES", "TORCH", "Entry", "FrameworkFunction", "function", "missing"]
