/**
 * Synchronous clean-ups (a throwaway cluster, temp dirs) that must also run when the bench is interrupted:
 * on Ctrl-C or SIGTERM each registered one runs once, then the signal is raised again so the process ends
 * as it would have; on a normal exit they run too. `register` returns the function that unregisters.
 */
const pending = new Set<() => void>();

function runAll(): void {
  for (const fn of [...pending].reverse()) {
    pending.delete(fn);
    try {
      fn();
    } catch (err) {
      process.stderr.write(`clean-up failed: ${String(err)}\n`);
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.kill(process.pid, signal);
}

export function register(fn: () => void): () => void {
  if (pending.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('exit', runAll);
  }
  pending.add(fn);
  return () => {
    pending.delete(fn);
    if (pending.size === 0) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', runAll);
    }
  };
}
