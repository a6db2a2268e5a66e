"""Run llama.cpp's own HTTP server, from xllamacpp's prebuilt wheel, until SIGTERM or SIGINT.

Started as a child process by ``llama.llama_server``: a crash in native code then fails
one test with the server's log instead of killing pytest. The server picks a free
loopback port itself (port 0, so no race with another process); its base URL is written
to ``--address-file`` once the model is loaded and the socket listens.
"""

from __future__ import annotations

import argparse
import os
import signal
import threading
import time
from pathlib import Path


def _stop_when_orphaned(parent: int) -> None:
    """A killed pytest cannot terminate us; then stop ourselves rather than linger."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGTERM)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--alias", required=True)
    parser.add_argument("--address-file", required=True, type=Path)
    parser.add_argument("--n-ctx", type=int, default=4096)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--parallel", type=int, default=1)
    args = parser.parse_args()

    import xllamacpp  # heavy native library: only in the server process

    # Block the stop signals before the server starts its threads (they inherit the
    # mask), so that only sigwait below receives them and the server shuts down cleanly.
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)

    params = xllamacpp.CommonParams()
    params.model.path = args.model
    params.model_alias = {args.alias}
    params.hostnames = ["127.0.0.1"]
    params.port = 0
    params.n_ctx = args.n_ctx
    params.n_parallel = args.parallel
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    server = xllamacpp.Server(params)

    pending = args.address_file.with_suffix(".tmp")
    pending.write_text(server.listening_address)
    os.replace(pending, args.address_file)  # the reader never sees a half-written URL

    threading.Thread(target=_stop_when_orphaned, args=(os.getppid(),), daemon=True).start()
    signal.sigwait(stop_signals)
    del server  # joins the server's threads and frees the model


if __name__ == "__main__":
    main()
