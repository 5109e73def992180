// a missing operand
export function onRequest(request, queue) {
  return {reply: [1, 2,};
}
