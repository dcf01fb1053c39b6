// Its own chunk: the socket client is the largest dependency, and the panel
// can render from REST data while it loads.
export { io } from 'socket.io-client';
