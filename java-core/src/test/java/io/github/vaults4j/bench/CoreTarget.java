package io.github.vaults4j.bench;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Java core through its public API: keys and values as Java objects, encoded and decoded on every call. */
public class CoreTarget implements BenchTarget {
    private Vault vault;
    private Workload workload;
    private Map<Object, Object> batch;

    @Override
    public String name() {
        return "core";
    }

    @Override
    public void open(Path file, StorageMode mode, Workload workload) {
        this.workload = workload;
        vault = Vault.open(file, options(mode));
        batch = new LinkedHashMap<>();
        for (int i = 0; i < workload.rows(); i++) {
            batch.put(workload.keys[i], workload.values[i]);
        }
    }

    /** The options the vault opens with: the storage mode's. */
    protected VaultOptions options(StorageMode mode) {
        return mode.options();
    }

    @Override
    public Object getHit(int index) {
        return vault.get(workload.keys[index % workload.rows()]);
    }

    @Override
    public Object getMiss(int index) {
        return vault.get(workload.absentKeys[index % workload.rows()]);
    }

    @Override
    public boolean containsKey(int index) {
        return vault.containsKey(workload.keys[index % workload.rows()]);
    }

    @Override
    public void put(int index) {
        int i = index % workload.rows();
        vault.put(workload.keys[i], workload.values[i]);
    }

    @Override
    public void set(int index) {
        int i = index % workload.rows();
        vault.set(workload.keys[i], workload.values[i]);
    }

    @Override
    public void putMany() {
        vault.putMany(batch);
    }

    @Override
    public long iterate() {
        long seen = 0;
        for (Map.Entry<Object, Object> entry : vault.entrySet()) {
            seen += entry.getKey().hashCode() + (entry.getValue() == null ? 0 : 1);
        }
        return seen;
    }

    @Override
    public long size() {
        return vault.size();
    }

    @Override
    public void clear() {
        vault.clear();
    }

    @Override
    public void close() {
        if (vault != null) {
            vault.close();
        }
    }
}
