// The Cache-Control cap is mounted on the server in register (it must wrap every request).
export default {};
