/* sobolev-transfer — the reference scorer's random Fourier features.  */
#ifndef SOBOLEV_METRICS_FEATURES_H
#define SOBOLEV_METRICS_FEATURES_H

/* Number of features of the reference scorer's MMD.  */
#define SOBOLEV_METRIC_SCORE_FEATURES 300

/* Its feature weights (3 × 300, row by row) and phases (300).  */
extern const double sobolev_metric_score_w[3 * SOBOLEV_METRIC_SCORE_FEATURES];
extern const double sobolev_metric_score_b[SOBOLEV_METRIC_SCORE_FEATURES];

#endif
