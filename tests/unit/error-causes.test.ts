import { causesOf } from '../../api/problem';

describe('causesOf: what an unhandled error log line says lies under the error', () => {
  it('names each cause with its gRPC code, outermost first', () => {
    const grpc = Object.assign(new Error('14 UNAVAILABLE: connection refused'), { code: 14 });
    const err = new Error('Failed to start Workflow', { cause: new Error('Namespace default is not found.', { cause: grpc }) });
    expect(causesOf(err)).toEqual(['Namespace default is not found.', '14 UNAVAILABLE: connection refused (code 14)']);
  });

  it('says nothing for an error without a cause, or a thrown non-error', () => {
    expect(causesOf(new Error('plain'))).toEqual([]);
    expect(causesOf('text')).toEqual([]);
    expect(causesOf(null)).toEqual([]);
  });

  it('stops after five causes and cuts long messages', () => {
    let err: Error = new Error('x'.repeat(1000));
    for (let i = 0; i < 8; i++) err = new Error(`level ${i}`, { cause: err });
    const causes = causesOf(err);
    expect(causes).toHaveLength(5);
    expect(causes[0]).toBe('level 6');
    const deep = causesOf(new Error('top', { cause: new Error('y'.repeat(1000)) }));
    expect(deep[0]).toHaveLength(300);
  });
});
