export const onRequest = 5;
