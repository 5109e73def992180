// every API function, each returning what the API takes
let requests = 0;

export function describe() {
  return {type: "CEX7", mode: "accelerator", ml: 1, queueDepth: 4};
}

export function onRequest(request, queue) {
  requests++;
  return requests % 7 === 0 ? {refuse: ap.rc.BUSY} : {reply: request.hex(), latency: 2};
}

export function onReset(queue, kind) {
  return kind === "ZAPQ" ? {ticks: 4} : undefined;
}

export function onTest(queue) {
  return queue.pending > 3 ? {rc: ap.rc.BUSY} : undefined;
}

export function onAqic(request, queue) {
  return request.isc > 5 ? {decline: true} : {interrupts: request.ir ? "on" : "off"};
}
