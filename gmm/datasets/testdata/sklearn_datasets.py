# sklearn_datasets.py: the reference numbers of digits_test.go and moons_test.go,
# from Debian's python3-sklearn 1.2.1 (run: /usr/bin/python3 sklearn_datasets.py).
import numpy as np
from sklearn.datasets import load_digits, make_moons

np.set_printoptions(precision=17)
d = load_digits()
print("digits shape", d.data.shape)
print("label counts", np.bincount(d.target).tolist())
print("pixel sum", d.data.sum(), "row 1796 sum", d.data[1796].sum(), "label", d.target[1796])
print("column means 20, 36", repr(d.data[:, 20].mean()), repr(d.data[:, 36].mean()))

# make_moons without noise and without shuffling: the exact curves.
x, y = make_moons(n_samples=7, noise=0, shuffle=False)
print("moons n=7 x", x.tolist())
print("moons n=7 y", y.tolist())
