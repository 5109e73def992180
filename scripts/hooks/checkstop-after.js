// checkstop-after.js: the adapter accepts AFTER requests, then behaves as checkstopped: every
// later NQAP is refused with RC 0x04 and every TAPQ answers RC 0x04. Replies already queued
// can still be dequeued (a script refuses requests and answers TAPQ; the platform's own
// checkstop, `faults.checkstop-after` or a failing script under on-failure: checkstop, also
// blocks DQAP and resets).
//
// Use:  apvirt.devices[n].behaviour: script:hooks/checkstop-after.js
//
// API used: onRequest returning {reply} or {refuse: ap.rc.CHECKSTOPPED}; onTest(queue)
// returning undefined (the modelled TAPQ status) or {rc: ap.rc.CHECKSTOPPED}; ap.log.
const AFTER = 5;

let accepted = 0;
let checkstopped = false;

export function onRequest(request, queue) {
  if (checkstopped) {
    return { refuse: ap.rc.CHECKSTOPPED };
  }
  accepted++;
  if (accepted === AFTER) {
    checkstopped = true;
    ap.log(`checkstopped after ${AFTER} requests (last on ${queue.apqn}, tick ${ap.now()})`);
  }
  return { reply: request.message };
}

export function onTest(queue) {
  return checkstopped ? { rc: ap.rc.CHECKSTOPPED } : undefined;
}
