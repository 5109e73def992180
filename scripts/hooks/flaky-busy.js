// flaky-busy.js: every EVERY-th request to the adapter is refused with RC 0x05 (busy); the
// others are echoed. The count runs over all queues of the adapter (each adapter has its own
// module state, so two adapters with this script count separately), the same as the platform's
// `faults.busy-every`, but here you can change the rule: busy only on one domain, bursts ...
//
// Use:  apvirt.devices[n].behaviour: script:hooks/flaky-busy.js
//
// API used: onRequest(request, queue) returning {refuse: ap.rc.BUSY} (NQAP ends with cc 3, RC
// 0x05, the request is not accepted) or {reply: request.message}; a module-level variable as
// the device's state. The rule is deterministic; for a random one write
// `ap.random() < 0.25`, which is deterministic too for a given apvirt.seed and adapter.
const EVERY = 3;

let requests = 0;

export function onRequest(request, queue) {
  requests++;
  if (requests % EVERY === 0) {
    return { refuse: ap.rc.BUSY };
  }
  return { reply: request.message };
}
