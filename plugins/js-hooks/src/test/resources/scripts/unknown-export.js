// onRequest is fine; foo and BAR are not part of the script API
export function onRequest(request, queue) {
  return {reply: request.message};
}

export function foo() {
  return 1;
}
export const BAR = 2;
