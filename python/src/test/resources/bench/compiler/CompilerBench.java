import org.graalvm.polyglot.*;
/** A pure-Python stand-in for the drop-in's Python side, timed in 10-second windows (see run.sh). */
public class CompilerBench {
  public static void main(String[] a) throws Exception {
    int secs = Integer.parseInt(a[0]);
    try (Context c = Context.newBuilder("python").allowAllAccess(true).build()) {
      c.eval("python", """
import marshal, time
rec = {'name': 'repo-17', 'url': 'https://example.org/r/17', 'branch': 'main', 'tags': ['a','b','c'], 'size': 12345, 'active': True}
R = marshal.dumps(rec)
P = marshal.dumps([dict(rec, name='repo-%d' % i, size=i) for i in range(512)])
def _lookup(d, k): return d.get(k)
class Vault:
    def __init__(self): self._d = {('k%d' % i): i for i in range(1000)}
    def get(self, key, default=None):
        if not isinstance(key, str): raise TypeError(key)
        v = _lookup(self._d, key)
        return default if v is None else v
V = Vault(); KEYS = ['k%d' % i for i in range(1000)]
def window(sec):
    t0 = time.perf_counter(); end = t0 + sec; n1=n2=n3=0; t1=t2=t3=0.0
    loads = marshal.loads; g = V.get
    while time.perf_counter() < end:
        s = time.perf_counter()
        for _ in range(200): loads(R)
        e = time.perf_counter(); t1 += e-s; n1 += 200; s = e
        for k in KEYS: g(k)
        e = time.perf_counter(); t2 += e-s; n2 += 1000; s = e
        loads(P)
        e = time.perf_counter(); t3 += e-s; n3 += 1
    return (t1/n1*1e6, t2/n2*1e6, t3/n3*1e6)
""");
      Value w = c.getBindings("python").getMember("window");
      var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long st = System.nanoTime();
      System.out.println("window_end_s  rec_us  get_us  page_us  cpu_s");
      for (int i = 1; i * 10 <= secs; i++) {
        Value r = w.execute(10.0);
        System.out.printf("%5.0f %9.2f %7.3f %9.1f %7.1f%n", (System.nanoTime()-st)/1e9, r.getArrayElement(0).asDouble(), r.getArrayElement(1).asDouble(), r.getArrayElement(2).asDouble(), os.getProcessCpuTime()/1e9);
      }
    }
  }
}
