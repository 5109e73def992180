// aqic-audit.js: a PQAP(AQIC) hook that logs every AQIC the guest issues and turns the
// queue's interrupts on or off as asked; an ISC above 5 is declined (-EOPNOTSUPP: the
// registers stay as they are and, under mainline, KVM exits to QEMU).
//
// Use:  apvirt.hook: script:hooks/aqic-audit.js
//
// API used: onAqic(request, queue) with request {apqn, ir, isc, nib} and queue {apqn, card,
// domain, interrupts, isc}; returns {decline: true}, or {interrupts: "on"|"off"} (the hook
// issues the host AQIC with the guest's ISC and NIB and hands the guest the host's status
// word). {rc: n} would answer with a response code of its own. Unlike vfio-ap it checks no NIB
// and registers no GISA ISC. ap.log writes to the machine log, ap.now() is the virtual time.
export function onAqic(request, queue) {
  ap.log(`tick ${ap.now()}: AQIC ${request.apqn} ir=${request.ir} isc=${request.isc} ` +
         `nib=0x${request.nib.toString(16)} (interrupts ${queue.interrupts ? "on" : "off"})`);
  if (request.isc > 5) {
    return { decline: true };
  }
  return { interrupts: request.ir ? "on" : "off" };
}
