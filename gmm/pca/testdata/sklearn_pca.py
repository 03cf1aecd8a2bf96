# sklearn_pca.py: the reference numbers of pca_test.go, from Debian's
# python3-sklearn 1.2.1 on the digits of gmm/datasets (scikit-learn's copy).
# Run: /usr/bin/python3 sklearn_pca.py
import numpy as np
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA

x = load_digits().data
p = PCA(n_components=0.99, svd_solver="full").fit(x)
print("n_components", p.n_components_)
print("explained_variance[:3]", [repr(v) for v in p.explained_variance_[:3]])
print("kept share", repr(p.explained_variance_ratio_.sum()))
z = p.transform(x)
print("abs scores row 0 [:3]", [repr(v) for v in np.abs(z[0, :3])])
back = p.inverse_transform(z)
print("round trip row 0 [:8]", [repr(v) for v in back[0, :8]])
print("round trip mean squared error", repr(((back - x) ** 2).mean()))
p90 = PCA(n_components=0.9, svd_solver="full").fit(x)
print("n_components at 0.9", p90.n_components_)
