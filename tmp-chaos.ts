for (const eta of [1.0, 1.2, 1.25, 1.28, 1.3, 1.35, 1.4, 1.45, 1.5, 1.6,1.7,1.8,1.9,2.0]) {
  let x = 0.3; let s = 0; let ok = true; const tail: number[] = [];
  for (let t = 0; t < 3000; t++) { const d = 1 + eta - 3*eta*x*x; if (t > 500) s += Math.log(Math.abs(d)); x = x - eta*x*(x*x-1); if (!isFinite(x) || Math.abs(x) > 1e6) { ok = false; break; } if (t > 2980) tail.push(+x.toFixed(4)); }
  console.log(eta, ok, (s/2500).toFixed(4), tail.slice(0,6).join(' '));
}
