/** The two jstat functions Switchyard uses (the package ships no types). */
declare module 'jstat' {
  interface JStat {
    normal: { inv(p: number, mean: number, sd: number): number };
    studentt: { inv(p: number, dof: number): number };
  }
  const jStat: JStat;
  export default jStat;
}
