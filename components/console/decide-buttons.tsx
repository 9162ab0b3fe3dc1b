/**
 * Approve / Deny buttons for a pending confirmation: a form posting to the server action the page passes in
 * (components never import `app/`; works without client JavaScript).
 */
export function DecideButtons({ id, action }: { id: string; action: (formData: FormData) => Promise<void> }) {
  return (
    <form action={action} className="flex gap-2">
      <input type="hidden" name="id" value={id} />
      <button name="decision" value="approve" data-testid="approve" className="rounded bg-emerald-600 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-700">
        Approve
      </button>
      <button name="decision" value="deny" data-testid="deny" className="rounded bg-red-600 px-3 py-1 text-sm font-medium text-white hover:bg-red-700">
        Deny
      </button>
    </form>
  );
}
