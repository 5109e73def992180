// every exported function returns something the API does not take
export function describe() {
  return {type: "CEX9"};
}

export function onRequest(request, queue) {
  return {refuse: 300};
}

export function onReset(queue, kind) {
  return {ticks: -1};
}

export function onTest(queue) {
  throw new TypeError(`no test for ${queue.apqn}`);
}

export function onAqic(request, queue) {
  return {interrupts: request.ir};
}
