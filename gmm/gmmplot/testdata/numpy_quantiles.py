# numpy_quantiles.py: the quantile breaks of uncertainty_test.go, from Debian's
# numpy (np.quantile's default "linear" method is R's quantile type 7, which
# mclust's uncertainty plot uses). Run: /usr/bin/python3 numpy_quantiles.py
import numpy as np

u = np.array([0.0, 0.3, 0.05, 0.12, 0.5, 0.01, 0.2, 0.07, 0.33, 0.02, 0.4])
print(repr(np.quantile(u, 0.75)), repr(np.quantile(u, 0.95)))  # 0.315 0.45
