# Prints mclust's default BIC-plot colours and symbols, the reference for
# gmmplot's ModelStyle and TestModelStylesAreMclusts.
# Run with Debian's r-cran-mclust (6.0.0): Rscript mclust_bic_palette.R
library(mclust)
cols <- mclust.options("bicPlotColors")
syms <- mclust.options("bicPlotSymbols")
hex <- toupper(rgb(t(col2rgb(cols)), maxColorValue = 255))
print(data.frame(model = names(cols), colour = hex, pch = syms[names(cols)]), row.names = FALSE)
