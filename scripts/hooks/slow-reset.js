// slow-reset.js: RAPQ and ZAPQ keep the queue in reset for TICKS ticks (TAPQ, NQAP and DQAP
// answer RC 0x02 meanwhile), instead of the adapter's reset-ticks. Requests are echoed (a
// script without onRequest echoes).
//
// Use:  apvirt.devices[n].behaviour: script:hooks/slow-reset.js
//
// API used: onReset(queue, kind) returning {ticks: n} (undefined keeps the adapter's
// reset-ticks); kind is "RAPQ" or "ZAPQ"; ap.log and ap.now for a line in the machine log.
const TICKS = 5;

export function onReset(queue, kind) {
  ap.log(`${kind} of ${queue.apqn} at tick ${ap.now()}: in reset for ${TICKS} ticks`);
  return { ticks: TICKS };
}
