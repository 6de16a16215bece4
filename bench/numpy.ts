/** Run a NumPy reference script with python3 (if present) and parse the number it prints. */
import { spawnSync } from 'node:child_process';

let available: boolean | null = null;

export function numpyReference(script: string): number | null {
  if (available === false) return null;
  // OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE may be set on this machine to work around old OpenBLAS
  // bugs; they slow a current NumPy, so the reference runs without both (in this command only).
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const res = spawnSync('python3', ['-c', script], { env, encoding: 'utf8', timeout: 120_000 });
  if (res.status !== 0 || res.error) {
    available = false;
    return null;
  }
  available = true;
  const v = Number.parseFloat(res.stdout.trim().split('\n').pop() ?? '');
  return Number.isFinite(v) ? v : null;
}
