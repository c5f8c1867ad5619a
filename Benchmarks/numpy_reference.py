#!/usr/bin/env python3
"""numpy on one thread, side by side with `lessons-bench kernels`.

    python3 Benchmarks/numpy_reference.py

Measures what lessons-bench measures, the same way (best of several runs):
  - 200 full-batch gradient-descent steps of softmax regression on the standardized digits
    (1797 x 64 -> 10, learning rate 0.5), the digits read from the Swift source that ships them;
  - a 256 x 256 x 256 matrix product (GFLOP/s).

BLAS threads are pinned to 1 and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed before
numpy loads (they may be set on this machine and slow OpenBLAS down). The BLAS numpy uses
and its core type are printed.
"""

import os
import re
import sys
import time

for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(name, None)
for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[name] = "1"

import numpy as np  # noqa: E402  (after the environment is set)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def digits():
    path = os.path.join(ROOT, "Sources/LessonMath/Data/Shipped/DigitsCSV.swift")
    text = open(path, encoding="utf-8").read()
    body = text[text.index('#"""') + 4 : text.rindex('"""#')]
    rows = [list(map(int, re.findall(r"\d+", line))) for line in body.splitlines()]
    data = np.array([r for r in rows if len(r) == 65], dtype=np.float64)
    return data[:, :64], data[:, 64].astype(int)


def best(runs, body):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return min(times)


def softmax_regression(x, y, steps=200, lr=0.5):
    m, f = x.shape
    onehot = np.eye(10)[y]
    w = np.zeros((f, 10))
    b = np.zeros(10)
    for _ in range(steps):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        a = np.exp(z)
        a /= a.sum(axis=1, keepdims=True)
        dz = (a - onehot) / m
        w -= lr * (x.T @ dz)
        b -= lr * dz.sum(axis=0)
    return (np.argmax(x @ w + b, axis=1) == y).mean()


def blas_name():
    try:
        from threadpoolctl import threadpool_info

        info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        if info:
            i = info[0]
            return f"{i.get('internal_api')} {i.get('version')}, {i.get('architecture')}, {i.get('num_threads')} thread(s)"
    except ImportError:
        pass
    config = np.show_config(mode="dicts") if "mode" in np.show_config.__code__.co_varnames else None
    if config:
        blas = config.get("Build Dependencies", {}).get("blas", {})
        return f"{blas.get('name')} {blas.get('version')} (threadpoolctl not installed: core type unknown)"
    return "unknown"


def main():
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}; BLAS: {blas_name()}")
    features, labels = digits()
    mean = features.mean(axis=0)
    std = features.std(axis=0)
    std[std == 0] = 1
    x = (features - mean) / std
    accuracy = softmax_regression(x, labels)
    seconds = best(5, lambda: softmax_regression(x, labels))
    flops = 200 * 4 * x.shape[0] * 64 * 10
    print(
        f"softmax regression, 200 full-batch GD steps    {seconds * 1000:9.3f} ms"
        f"   {flops / seconds / 1e9:.2f} GFLOP/s   (train acc {accuracy * 100:.1f} %)"
    )
    rng = np.random.default_rng(1)
    a = rng.random((256, 256))
    b = rng.random((256, 256))
    seconds = best(20, lambda: a @ b)
    print(
        f"matmul 256 x 256 x 256                          {seconds * 1000:9.3f} ms"
        f"   {2 * 256**3 / seconds / 1e9:.2f} GFLOP/s"
    )


if __name__ == "__main__":
    main()
