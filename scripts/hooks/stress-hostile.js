// stress-hostile.js: the hostile device of `apvirt stress --faults`. It echoes every request,
// except one that carries a planted fault in byte 10 (the stress message: bytes 0-7 its id, 8-9
// its queue, 10 the fault, 11 a variant, 12-15 "STRS"); the vCPUs plant them from their seeded
// streams, so the same seed plants the same faults. Each fault makes the call fail, and the
// adapter answers as apvirt.scripts.on-failure says (stress runs with busy: RC 0x05 for that
// request, the device goes on).
//
// Use:  apvirt.devices[n].behaviour: script:hooks/stress-hostile.js
//
// API used: onRequest returning {reply: request.message}; the failures: an endless loop (the call
// deadline or the statement limit stops it), an allocation that grows until the engine refuses
// it, a throw, and return values the API does not take.
const GARBAGE = [
  "yes",                          // not an object
  { reply: [1, 256] },            // not a byte
  { refuse: 300 },                // not a response code
  { reply: [1], latncy: 2 },      // an unknown key
];

export function onRequest(request, queue) {
  const fault = request.length === 16 ? request.message[10] : 0;
  switch (fault) {
    case 1:                       // loop
      for (;;) {}
    case 2: {                     // allocate: doubled until "RangeError: Invalid string length"
      let s = "x";
      for (;;) { s = s + s; }
    }
    case 3:                       // throw
      throw new Error(`planted throw (request ${request.psmid} on ${queue.apqn})`);
    case 4:                       // garbage
      return GARBAGE[request.message[11] % GARBAGE.length];
    default:
      return { reply: request.message };
  }
}
