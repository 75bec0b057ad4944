/** The <option>s of a project picker. */
export function ProjectOptions({ projects }: { projects: { id: string; name: string }[] }) {
  return (
    <>
      {projects.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </>
  );
}
