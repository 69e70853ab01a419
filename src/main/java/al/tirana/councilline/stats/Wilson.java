package al.tirana.councilline.stats;

/** The Wilson score interval for a proportion: honest bounds even for small counts or rates near 0 and 1. */
final class Wilson {

  private static final double Z95 = 1.959963984540054;

  private Wilson() {
  }

  static double[] interval95(long successes, long trials) {
    double n = trials;
    double p = successes / n;
    double z2 = Z95 * Z95;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }
}
