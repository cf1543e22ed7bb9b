import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { formatDate, problemOf, type ShownProblem } from '../api';
import { Pager, usePagedList } from '../list';
import { useSession } from '../session';
import { Empty, PageTitle, ProblemMessage, QueryView } from '../ui';

interface FileObject { id: string; filename: string; content_type: string; bytes: number; created_at: string; url?: string }

export default function Files() {
  const { client, key } = useSession();
  const queryClient = useQueryClient();
  const { query, next, previous } = usePagedList<FileObject>('/v1/files');
  const [preview, setPreview] = useState<{ id: string; url: string; type: string } | null>(null);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const show = async (f: FileObject) => {
    try {
      const res = await client.files.content(f.id);
      setPreview({ id: f.id, url: URL.createObjectURL(await res.blob()), type: f.content_type });
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <>
      <PageTitle>Files</PageTitle>
      <ProblemMessage problem={problem} />
      <QueryView query={query} what="files">
        {(page) => page.data.length === 0 ? <Empty>No files yet. Upload some in the playground.</Empty> : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Files</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Size</th><th scope="col">Created</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {page.data.map((f) => (
                  <tr key={f.id}>
                    <td>{f.filename}<br /><code className="muted">{f.id}</code></td>
                    <td>{f.content_type}</td>
                    <td>{(f.bytes / 1024).toFixed(1)} KB</td>
                    <td>{formatDate(f.created_at)}</td>
                    <td className="row">
                      <button type="button" className="secondary" onClick={() => void show(f)}>Preview <span className="visually-hidden">{f.filename}</span></button>
                      <button type="button" className="danger" onClick={() => window.confirm(`Delete ${f.filename}?`) && void client.files.delete(f.id).then(() => queryClient.invalidateQueries({ queryKey: key('/v1/files') }), (e) => setProblem(problemOf(e)))}>Delete <span className="visually-hidden">{f.filename}</span></button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      <Pager next={next} previous={previous} />
      {preview && (
        <section aria-label="Preview">
          <h2>Preview</h2>
          {preview.type.startsWith('image/') ? <img src={preview.url} alt={`Preview of ${preview.id}`} style={{ maxWidth: '100%' }} /> : preview.type.startsWith('video/') ? <video src={preview.url} controls style={{ maxWidth: '100%' }} /> : preview.type.startsWith('audio/') ? <audio src={preview.url} controls /> : <a href={preview.url} download>Download</a>}
        </section>
      )}
    </>
  );
}
