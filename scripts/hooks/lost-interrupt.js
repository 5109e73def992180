// lost-interrupt.js: every 2nd request's reply comes LATE ticks late, so a guest that waits a
// few ticks for the adapter interruption (or polls with DQAP for a short while) sees none in
// time and must fall back to polling, as with a lost interruption.
//
// What it can and cannot do: the device SPI chooses a reply and its latency, not whether the
// bus raises the interruption. The interruption of a late reply is raised when the reply is
// ready, LATE ticks later, and a guest that waits longer gets it. For interruptions that never
// come use the platform's fault `apvirt.devices[n].faults.drop-interrupts: true` (the NIB is not
// set and no interruption is made pending for any reply of the adapter), which can be combined
// with this script.
//
// Use:  apvirt.devices[n].behaviour: script:hooks/lost-interrupt.js
//
// API used: onRequest returning {reply: request.message, latency: ticks}; queue.interrupts.
const LATE = 50;

let requests = 0;

export function onRequest(request, queue) {
  requests++;
  if (requests % 2 === 0) {
    if (queue.interrupts) {
      ap.log(`${queue.apqn} psmid ${request.psmid}: reply in ${LATE} ticks (no interruption before)`);
    }
    return { reply: request.message, latency: LATE };
  }
  return { reply: request.message };
}
