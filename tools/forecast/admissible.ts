/**
 * The admissibility test of R's `ets` (Hyndman et al. 2008, ch. 10): the "easy" inequalities
 * first, then, for seasonal models, every root of the characteristic polynomial inside the
 * unit circle. β here is the classical β (b_t = φb_{t-1} + βe_t), not β* = β/α.
 */
export function admissible(
  alpha: number,
  beta: number | null,
  gamma: number | null,
  phi: number | null,
  m: number,
  warm?: { re: Float64Array; im: Float64Array },
): boolean {
  const p = phi ?? 1;
  if (p < 0 || p > 1 + 1e-8) return false;
  if (gamma === null) {
    if (alpha < 1 - 1 / p || alpha > 1 + 1 / p) return false;
    if (beta !== null && (beta < alpha * (p - 1) || beta > (1 + p) * (2 - alpha))) return false;
    return true;
  }
  if (m <= 1) return true;
  const b = beta ?? 0;
  if (gamma < Math.max(1 - 1 / p - alpha, 0) || gamma > 1 + 1 / p - alpha) return false;
  if (alpha < 1 - 1 / p - (gamma * (1 - m + p + p * m)) / (2 * p * m)) return false;
  if (b < -(1 - p) * (gamma / m + alpha)) return false;
  // Coefficients in increasing degree, monic (the last is 1), as R passes them to polyroot.
  const coef = [p * (1 - alpha - gamma), alpha + b - alpha * p + gamma - 1];
  for (let i = 0; i < m - 2; i++) coef.push(alpha + b - alpha * p);
  coef.push(alpha + b - p, 1);
  return maxRootModulus(coef, warm) <= 1 + 1e-10;
}

/**
 * Largest |root| of a monic polynomial (coefficients in increasing degree) by Durand–Kerner.
 * The characteristic roots of a seasonal ETS model sit near the unit circle, where the
 * Schur–Cohn recursion loses every digit to cancellation; iterating on the roots does not.
 * `warm` carries the previous call's roots: inside the optimiser the parameters move a
 * little each time, so a warm start converges in a few sweeps.
 */
export function maxRootModulus(coef: number[], warm?: { re: Float64Array; im: Float64Array }): number {
  const d = coef.length - 1;
  if (d < 1) return 0;
  let re = warm?.re;
  let im = warm?.im;
  if (!re || !im || re.length !== d) {
    let bound = 0;
    for (let i = 0; i < d; i++) bound = Math.max(bound, Math.abs(coef[i]));
    re = new Float64Array(d);
    im = new Float64Array(d);
    for (let k = 0; k < d; k++) {
      const ang = (2 * Math.PI * k) / d + 0.4;
      re[k] = (1 + bound) * Math.cos(ang);
      im[k] = (1 + bound) * Math.sin(ang);
    }
    if (warm) [warm.re, warm.im] = [re, im];
  }
  for (let iter = 0; iter < 200; iter++) {
    let change = 0;
    for (let k = 0; k < d; k++) {
      let pr = 1;
      let pi = 0;
      for (let i = d - 1; i >= 0; i--) {
        const nr = pr * re[k] - pi * im[k] + coef[i];
        pi = pr * im[k] + pi * re[k];
        pr = nr;
      }
      let qr = 1;
      let qi = 0;
      for (let j = 0; j < d; j++) {
        if (j === k) continue;
        const dr = re[k] - re[j];
        const di = im[k] - im[j];
        const nr = qr * dr - qi * di;
        qi = qr * di + qi * dr;
        qr = nr;
      }
      const den = qr * qr + qi * qi;
      if (den === 0) {
        re[k] += 1e-6; // two estimates collided: nudge one apart
        change = 1;
        continue;
      }
      const sr = (pr * qr + pi * qi) / den;
      const si = (pi * qr - pr * qi) / den;
      re[k] -= sr;
      im[k] -= si;
      change = Math.max(change, Math.abs(sr) + Math.abs(si));
    }
    if (change < 1e-11) break;
  }
  let max = 0;
  for (let k = 0; k < d; k++) max = Math.max(max, Math.hypot(re[k], im[k]));
  return max;
}
