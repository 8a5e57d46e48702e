-- Shared by the scenario scripts: one machine-readable line at the end of a wrk run.
-- errors_status counts HTTP responses >= 400; errors_socket connect, read, write and timeout errors.
-- Sanity check (Little's law): rps x mean_ms / 1000 cannot exceed the number of connections.
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_s=%.3f rps=%.1f mean_ms=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f errors_status=%d errors_socket=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency.mean / 1000,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
