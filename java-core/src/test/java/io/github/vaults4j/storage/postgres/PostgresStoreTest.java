package io.github.vaults4j.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.github.vaults4j.VaultBusyException;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultNotFoundException;
import io.github.vaults4j.VaultReadOnlyException;
import io.github.vaults4j.storage.Expiry;
import io.github.vaults4j.storage.KeyCells;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.storage.StoreSession;
import io.github.vaults4j.testing.PostgresCluster;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** A vault's rows on the real server, through the {@code Store} operations PostgresStore implements. */
@ExtendWith(PostgresCluster.Extension.class)
class PostgresStoreTest {
    private static final int WRITERS = 4;
    private static final int INCREMENTS_PER_WRITER = 20;

    private static PostgresAddress root;
    private static HikariDataSource pool;
    private PostgresStore store;

    @BeforeAll
    static void openPool(PostgresCluster cluster) {
        root = PostgresAddress.parse(cluster.url() + "?schema=store_test");
        pool = PostgresPool.open(root);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @BeforeEach
    void openVault(TestInfo test) {
        store = PostgresStore.open(pool, root, test.getDisplayName() + "-" + System.nanoTime(), true);
    }

    /** Key cells as a test spells them: the first is the key's own encoding. */
    private static KeyCells cells(byte[]... cells) {
        return new KeyCells() {
            @Override
            public int size() {
                return cells.length;
            }

            @Override
            public byte[] cell(int index) {
                return cells[index];
            }

            @Override
            public int encoding(int index) {
                return NO_ENCODING;
            }

            @Override
            public int ownEncodingCells() {
                return 1;
            }
        };
    }

    private static byte[] cell(String text) {
        return ("M" + text).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void upsertKeepsTheCursorAndCellsComeBackByteForByte() {
        byte[] key = cell("\u00a1key");
        store.write(s -> {
            s.upsert(key, KeyCells.NO_ENCODING, cell("one"));
            s.upsert(cell("other"), KeyCells.NO_ENCODING, null);
            return null;
        });
        long cursor = store.read(s -> s.find(cells(key))).get(0).rowId();
        store.write(s -> {
            s.upsert(key, KeyCells.NO_ENCODING, cell("two"));
            return null;
        });
        List<Row> found = store.read(s -> s.find(cells(cell("absent"), key)));
        assertEquals(1, found.size());
        assertEquals(cursor, found.get(0).rowId(), "a replaced value keeps its row's cursor");
        assertArrayEquals(cell("two"), found.get(0).value());
        assertNull(store.read(s -> s.find(cells(cell("other")))).get(0).value(), "a NULL value cell stays NULL");
        assertEquals(2L, count(store));
        assertTrue(store.<Boolean>read(s -> s.contains(cells(key))));
        assertFalse(store.<Boolean>read(s -> s.contains(cells(cell("absent")))));
    }

    @Test
    void aKeyLargerThanAnIndexEntryIsStoredAndFound() {
        byte[] key = new byte[64 * 1024];
        new Random(7).nextBytes(key);
        key[0] = 'P';
        store.write(s -> {
            s.insert(key, KeyCells.NO_ENCODING, cell("big"));
            return null;
        });
        assertArrayEquals(key, store.read(s -> s.find(cells(key))).get(0).key());
    }

    @Test
    void pagesFollowInsertionOrderAndNewestIsTheReverse() {
        List<byte[]> keys = new ArrayList<>();
        store.writeTransaction(s -> {
            for (int i = 0; i < 25; i++) {
                byte[] key = cell("k" + (25 - i)); // not in byte order, so the order seen is the cursor's
                keys.add(key);
                s.insert(key, KeyCells.NO_ENCODING, cell("v" + i));
            }
            return null;
        });
        List<Row> seen = new ArrayList<>();
        for (List<Row> page; !(page = store.read(s -> s.page(seenLast(seen), 10, false))).isEmpty(); ) {
            assertNull(page.get(0).value(), "no values unless asked for");
            seen.addAll(page);
        }
        assertEquals(keys.size(), seen.size());
        for (int i = 0; i < keys.size(); i++) {
            assertArrayEquals(keys.get(i), seen.get(i).key());
        }
        List<Row> newest = store.read(s -> s.newest(3));
        assertArrayEquals(keys.get(24), newest.get(0).key());
        assertArrayEquals(cell("v24"), newest.get(0).value());
        assertArrayEquals(keys.get(3), store.read(s -> s.row(seen.get(3).rowId())).key());
        assertNull(store.read(s -> s.row(-1)));
    }

    /**
     * Expiry times set and read for many rows at once: more than one statement's worth, each row its own time (or
     * none), read back in the order asked, whatever the order set.
     */
    @Test
    void expiryTimesAreSetAndReadInBatchesRowByRowExact() {
        int rows = PostgresSession.BATCH_ROWS * 2 + 10;
        List<byte[]> keys = new ArrayList<>();
        List<Expiry> expiries = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        store.writeTransaction(s -> {
            for (int i = 0; i < rows; i++) {
                byte[] key = cell("k" + i);
                keys.add(key);
                s.insert(key, KeyCells.NO_ENCODING, cell("v" + i));
                Long at = i % 3 == 0 ? null : Long.MAX_VALUE - i;
                expected.add(at);
                if (at != null) {
                    expiries.add(new Expiry(key, at));
                }
            }
            s.setExpiries(expiries.reversed());
            return null;
        });
        List<byte[]> asked = new ArrayList<>(keys);
        asked.add(cell("missing"));
        expected.add(null);
        assertEquals(expected, store.read(s -> s.expiresAt(asked)));
        assertEquals(List.of(), store.read(s -> s.expiresAt(List.of())));
        assertEquals(expected.get(1), store.read(s -> s.expiresAt(keys.get(1))), "the same as one row's");
    }

    private static long count(PostgresStore store) {
        return store.<Long>read(s -> s.count());
    }

    private static long seenLast(List<Row> seen) {
        return seen.isEmpty() ? 0 : seen.get(seen.size() - 1).rowId();
    }

    @Test
    void aStreamedScanPassesEveryRowInCursorOrderAcrossFetches() {
        int rows = 3 * PostgresStore.DEFAULT_FETCH_SIZE + 7;
        store.writeTransaction(s -> {
            for (int i = 0; i < rows; i++) {
                s.insert(cell("k" + (rows - i)), KeyCells.NO_ENCODING, cell("v" + i));
            }
            return null;
        });
        List<Row> seen = new ArrayList<>();
        assertEquals(rows, store.forEachRow(true, seen::add));
        assertEquals(rows, seen.size());
        for (int i = 0; i < rows; i++) {
            assertArrayEquals(cell("v" + i), seen.get(i).value());
            assertTrue(i == 0 || seen.get(i).rowId() > seen.get(i - 1).rowId());
        }
        assertEquals(rows, store.forEachRow(false, row -> assertNull(row.value(), "keys only")));
        assertThrows(IllegalStateException.class,
                () -> store.read(s -> ((PostgresSession) s).forEachRow(false, 10, row -> { })),
                "outside a transaction pgjdbc would read the whole result at once: refused");
    }

    @Test
    void updateDeleteAndDeleteAllTouchOnlyThisVault(TestInfo test) {
        PostgresStore neighbour = PostgresStore.open(pool, root, test.getDisplayName() + "-neighbour-"
                + System.nanoTime(), true);
        neighbour.write(s -> {
            s.insert(cell("a"), KeyCells.NO_ENCODING, cell("theirs"));
            return null;
        });
        store.write(s -> {
            s.insert(cell("a"), KeyCells.NO_ENCODING, cell("1"));
            s.insert(cell("b"), KeyCells.NO_ENCODING, cell("2"));
            return null;
        });
        long a = store.read(s -> s.find(cells(cell("a")))).get(0).rowId();
        long theirs = neighbour.read(s -> s.find(cells(cell("a")))).get(0).rowId();
        store.write(s -> {
            s.updateValue(a, cell("updated"));
            s.updateValue(theirs, cell("not mine"));
            return null;
        });
        assertArrayEquals(cell("updated"), store.read(s -> s.row(a)).value());
        assertFalse(store.<Boolean>write(s -> s.deleteRow(theirs)), "another vault's row is not this vault's to delete");
        assertTrue(store.<Boolean>write(s -> s.deleteRow(a)));
        assertEquals(1, (int) store.<Integer>write(s -> s.deleteAll()));
        assertEquals(0L, count(store));
        assertArrayEquals(cell("theirs"), neighbour.read(s -> s.find(cells(cell("a")))).get(0).value());
    }

    @Test
    void batchedWritesAreSeenByTheNextStatementAndGoWithARollback() {
        int rows = 2 * PostgresSession.BATCH_ROWS + PostgresSession.BATCH_ROWS / 2;
        int ownEncoding = 0;
        IllegalStateException undone = assertThrows(IllegalStateException.class, () -> store.writeTransaction(s -> {
            s.learnEncodings();
            assertTrue(s.holdsOnlyEncoding(ownEncoding), "an empty vault holds no other encoding");
            for (int i = 0; i < rows; i++) {
                s.upsert(cell("k-" + i), ownEncoding, cell(String.valueOf(i)));
            }
            assertArrayEquals(cell(String.valueOf(rows - 1)), s.find(cells(cell("k-" + (rows - 1)))).get(0).value(),
                    "a row still in the batch is sent before the look-up");
            assertEquals(rows, s.count());
            assertFalse(s.mayHoldEncoding(ownEncoding + 1));
            s.upsert(cell("other"), ownEncoding + 1, cell("x"));
            assertTrue(s.mayHoldEncoding(ownEncoding + 1), "a written encoding is tracked");
            assertFalse(s.holdsOnlyEncoding(ownEncoding));
            throw new IllegalStateException("undo");
        }));
        assertEquals("undo", undone.getMessage());
        assertEquals(0L, count(store), "nothing of the batches stays after the rollback");

        store.write(s -> {
            s.insert(cell("present"), ownEncoding, cell("1"));
            return null;
        });
        store.writeTransaction(s -> {
            assertTrue(s.holdsOnlyEncoding(ownEncoding), "the server recorded the one encoding the vault holds");
            assertFalse(s.mayHoldEncoding(ownEncoding + 1));
            return null;
        });
        assertTrue(store.<Boolean>read(s -> {
            s.learnEncodings();
            return s.mayHoldEncoding(ownEncoding + 1);
        }), "outside a write transaction nothing is learnt");
    }

    /** Key cells with their encodings; counts the cells computed beyond the first, as a lazy codec computes them. */
    private static final class Encoded implements KeyCells {
        private final byte[][] cells;
        private final int[] encodings;
        int othersComputed;

        Encoded(int[] encodings, byte[]... cells) {
            this.encodings = encodings;
            this.cells = cells;
        }

        @Override
        public int size() {
            return cells.length;
        }

        @Override
        public byte[] cell(int index) {
            if (index > 0) {
                othersComputed++;
            }
            return cells[index];
        }

        @Override
        public int encoding(int index) {
            cell(index); // a codec knows a cell's encoding by computing it
            return encodings[index];
        }

        @Override
        public int ownEncodingCells() {
            return 1;
        }
    }

    private static Encoded twinCells(String key) {
        return new Encoded(new int[] {0, 1}, cell(key), ("P" + key).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLookUpNarrowedByWhatTheVaultHeldStillFindsATwinAnotherWriterAddedSince() {
        store.write(s -> {
            s.insert(cell("k"), 0, cell("mine"));
            return null;
        });
        Encoded first = twinCells("k");
        assertEquals(1, store.read(s -> s.find(first)).size());
        Encoded narrowed = twinCells("k");
        assertEquals(1, store.read(s -> s.find(narrowed)).size());
        assertEquals(0, narrowed.othersComputed, "a vault of one encoding: the key's other cells are never computed");

        // Another store of the same vault (as another process would be) writes the key under its other encoding.
        PostgresStore other = PostgresStore.open(pool, root, store.vault(), false);
        other.write(s -> {
            s.insert(twinCells("k").cell(1), 1, cell("theirs"));
            return null;
        });
        Encoded again = twinCells("k");
        List<Row> both = store.read(s -> s.find(again));
        assertEquals(2, both.size(), "the look-up saw the new encoding in the same statement and asked again");
        assertTrue(store.<Boolean>read(s -> s.contains(new Encoded(new int[] {0, 1}, cell("absent"),
                "Pk".getBytes(StandardCharsets.UTF_8)))), "contains asks for the other cell too");
        assertTrue(store.<Boolean>writeTransaction(s -> !s.holdsOnlyEncoding(0) && s.mayHoldEncoding(1)));
    }

    @Test
    void emptyingAVaultForgetsItsEncodings() {
        store.write(s -> {
            s.insert(cell("a"), 0, cell("1"));
            s.insert(twinCells("b").cell(1), 1, cell("2"));
            return null;
        });
        assertFalse(store.<Boolean>writeTransaction(s -> s.holdsOnlyEncoding(0)));
        assertEquals(2, (int) store.<Integer>write(s -> s.deleteAll()));
        assertTrue(store.<Boolean>writeTransaction(s -> s.holdsOnlyEncoding(0) && s.holdsOnlyEncoding(1)),
                "an empty vault holds no encoding");
    }

    @Test
    void aWriteWithoutLookUpReturnsThePreviousRowAndStepsAsideForTwinsAndExpiryTimes() {
        assertFalse(store.write(s -> s.replaceIfOnlyEncoding(cell("k"), 0, cell("1"))).written(),
                "an empty vault has no encoding recorded yet: its first key takes the general path, which records it");
        store.write(s -> {
            s.insert(cell("other"), 0, cell("0"));
            return null;
        });
        assertEquals(new StoreSession.Replaced(true, null),
                store.write(s -> s.replaceIfOnlyEncoding(cell("k"), 0, cell("1"))));
        var replaced = store.write(s -> s.replaceIfOnlyEncoding(cell("k"), 0, cell("2")));
        assertTrue(replaced.written());
        assertArrayEquals(cell("1"), replaced.previous().value());
        assertTrue(store.<Boolean>write(s -> s.upsertIfOnlyEncoding(cell("k"), 0, cell("3"))));
        assertArrayEquals(cell("3"), store.read(s -> s.find(cells(cell("k")))).get(0).value());
        store.write(s -> {
            s.insert(cell("null"), 0, null);
            return null;
        });
        var fromNull = store.write(s -> s.replaceIfOnlyEncoding(cell("null"), 0, cell("5")));
        assertTrue(fromNull.written());
        assertNotNull(fromNull.previous(), "a row whose value was NULL is a previous row");
        assertNull(fromNull.previous().value());
        assertArrayEquals(cell("null"), fromNull.previous().key());

        store.write(s -> {
            s.setExpiry(cell("k"), Long.MAX_VALUE);
            return null;
        });
        assertFalse(store.write(s -> s.replaceIfOnlyEncoding(cell("k"), 0, cell("4"))).written(),
                "a vault with expiry times takes the general path");
        assertFalse(store.<Boolean>write(s -> s.upsertIfOnlyEncoding(cell("k"), 0, cell("4"))));

        PostgresStore twins = PostgresStore.open(pool, root, store.vault() + "-twins", true);
        twins.write(s -> {
            s.insert(twinCells("t").cell(1), 1, cell("pickled"));
            return null;
        });
        assertFalse(twins.write(s -> s.replaceIfOnlyEncoding(cell("t"), 0, cell("x"))).written(),
                "a vault holding another encoding takes the general path, which updates the twin");
        assertArrayEquals(cell("pickled"), twins.read(s -> s.find(twinCells("t"))).get(0).value());
    }

    @Test
    void aLoneWriteThatWaitedForTheLockSeesTheEncodingItsHolderAdded() throws Exception {
        PostgresStore other = PostgresStore.open(pool, root, store.vault(), false);
        other.write(s -> {
            s.insert(cell("k"), 0, cell("0")); // the vault holds encoding 0 alone, recorded
            return null;
        });
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> holding = threads.submit(() -> other.writeTransaction(s -> {
                s.insert(twinCells("k").cell(1), 1, cell("pickled twin"));
                locked.countDown();
                await(release);
                return null;
            }));
            assertTrue(locked.await(1, TimeUnit.MINUTES));
            Future<StoreSession.Replaced> lone = threads.submit(
                    () -> store.write(s -> s.replaceIfOnlyEncoding(cell("k"), 0, cell("1"))));
            awaitAdvisoryLockWaiter();
            release.countDown();
            holding.get(1, TimeUnit.MINUTES);
            assertFalse(lone.get(1, TimeUnit.MINUTES).written(),
                    "the check ran after the lock was granted, and saw the twin's encoding: nothing written");
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
        assertArrayEquals(cell("0"), store.read(s -> s.find(cells(cell("k")))).get(0).value());
    }

    /** Waits until a session of the server waits for an advisory lock. */
    private static void awaitAdvisoryLockWaiter() throws Exception {
        try (Connection connection = pool.getConnection();
                PreparedStatement waiting = connection.prepareStatement(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < deadline) {
                try (ResultSet result = waiting.executeQuery()) {
                    result.next();
                    if (result.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
            throw new AssertionError("no session waited for the vault's lock within a minute");
        }
    }

    @Test
    void aRootMadeBeforeEncodingsWereRecordedGetsThemAsUnknown(PostgresCluster cluster) throws Exception {
        PostgresAddress older = PostgresAddress.parse(cluster.url() + "?schema=store_older_" + System.nanoTime());
        try (HikariDataSource olderPool = PostgresPool.open(older)) {
            PostgresStore before = PostgresStore.open(olderPool, older, "v", true);
            before.write(s -> {
                s.insert(cell("k"), 0, cell("1"));
                s.insert(twinCells("k").cell(1), 1, cell("2"));
                return null;
            });
            try (Connection connection = olderPool.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE " + older.quotedSchema() + ".vault DROP COLUMN key_encodings");
            }
            PostgresStore after = PostgresStore.open(olderPool, older, "v", false);
            assertTrue(after.<Boolean>writeTransaction(s -> !s.holdsOnlyEncoding(0) && s.mayHoldEncoding(5)),
                    "a vault of the older layout may hold any encoding");
            assertEquals(2, after.read(s -> s.find(twinCells("k"))).size());
            PostgresStore fresh = PostgresStore.open(olderPool, older, "new", true);
            assertTrue(fresh.<Boolean>writeTransaction(s -> s.holdsOnlyEncoding(0)), "a new vault starts with none");
        }
    }

    @Test
    void aBatchWritingAKeyTwiceEndsAsOneByOneWould() {
        store.writeTransaction(s -> {
            s.upsert(cell("k1"), 0, cell("first"));
            s.upsert(cell("k2"), 0, null);
            s.upsert(cell("k1"), 0, cell("second"));
            s.upsert(cell("k3"), 0, cell("3"));
            return null;
        });
        List<Row> rows = store.read(s -> s.page(0, 10, true));
        assertEquals(3, rows.size());
        assertArrayEquals(cell("k1"), rows.get(0).key(), "the key keeps the cursor of its first write");
        assertArrayEquals(cell("second"), rows.get(0).value(), "and the value of its last");
        assertNull(rows.get(1).value(), "a NULL value travels in a batch as NULL");
        assertArrayEquals(cell("k3"), rows.get(2).key());

        VaultException duplicate = assertThrows(VaultException.class, () -> store.writeTransaction(s -> {
            s.insert(cell("new"), 0, cell("1"));
            s.insert(cell("new"), 0, cell("2"));
            return null;
        }));
        assertTrue(duplicate.getMessage().contains("23505"), duplicate.getMessage());
        assertEquals(3L, count(store), "the failed batch left nothing");
    }

    @Test
    void aFailedTransactionWritesNothing() {
        store.write(s -> {
            s.insert(cell("existing"), KeyCells.NO_ENCODING, cell("0"));
            return null;
        });
        VaultException failed = assertThrows(VaultException.class, () -> store.writeTransaction(s -> {
            s.insert(cell("new"), KeyCells.NO_ENCODING, cell("1"));
            s.insert(cell("existing"), KeyCells.NO_ENCODING, cell("duplicate"));
            return null;
        }));
        assertTrue(failed.getMessage().contains(store.location()), failed.getMessage());
        assertTrue(failed.getMessage().contains("23505"), failed.getMessage());
        assertEquals(1L, count(store), "the first insert was rolled back with the failed one");
        assertFalse(store.inTransaction());
    }

    @Test
    void nestedCallsJoinTheTransactionAndReadTransactionsRefuseWrites() {
        store.writeTransaction(s -> {
            assertTrue(store.inTransaction());
            store.write(inner -> {
                inner.insert(cell("joined"), KeyCells.NO_ENCODING, cell("1"));
                return null;
            });
            assertEquals(1L, s.count(), "the nested write ran on the same connection");
            return null;
        });
        assertThrows(VaultReadOnlyException.class, () -> store.readTransaction(s -> store.write(inner -> null)));
    }

    @Test
    void concurrentReadModifyWritesLoseNoUpdate() throws Exception {
        byte[] key = cell("counter");
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                done.add(writers.submit(() -> {
                    for (int i = 0; i < INCREMENTS_PER_WRITER; i++) {
                        store.writeTransaction(s -> {
                            List<Row> rows = s.find(cells(key));
                            int value = rows.isEmpty() ? 0 : Integer.parseInt(
                                    new String(rows.get(0).value(), StandardCharsets.UTF_8).substring(1));
                            s.upsert(key, KeyCells.NO_ENCODING, cell(String.valueOf(value + 1)));
                            return null;
                        });
                    }
                }));
            }
            for (Future<?> writer : done) {
                writer.get(2, TimeUnit.MINUTES);
            }
        } finally {
            writers.shutdownNow();
        }
        assertArrayEquals(cell(String.valueOf(WRITERS * INCREMENTS_PER_WRITER)),
                store.read(s -> s.find(cells(key))).get(0).value());
    }

    @Test
    void aWriterThatWaitsLongerThanTheBusyTimeoutGetsVaultBusy() throws Exception {
        Duration busyTimeout = Duration.ofMillis(300);
        try (HikariDataSource impatient = PostgresPool.open(root, 2, PostgresPool.DEFAULT_CONNECTION_TIMEOUT,
                busyTimeout)) {
            PostgresStore waiting = PostgresStore.open(impatient, root, store.vault(), false);
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService holder = Executors.newSingleThreadExecutor();
            try {
                Future<?> holding = holder.submit(() -> store.writeTransaction(s -> {
                    s.insert(cell("held"), KeyCells.NO_ENCODING, cell("1"));
                    locked.countDown();
                    await(release);
                    return null;
                }));
                assertTrue(locked.await(1, TimeUnit.MINUTES));
                VaultBusyException busy = assertThrows(VaultBusyException.class, () -> waiting.writeTransaction(s -> {
                    s.insert(cell("waited"), KeyCells.NO_ENCODING, cell("2"));
                    return null;
                }));
                assertTrue(busy.getMessage().contains(waiting.location()), busy.getMessage());
                assertTrue(busy.getMessage().contains("55P03"), busy.getMessage());
                release.countDown();
                holding.get(1, TimeUnit.MINUTES);
            } finally {
                release.countDown();
                holder.shutdownNow();
            }
            assertEquals(1L, count(store), "the holder's row is there and the busy writer's is not");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(1, TimeUnit.MINUTES));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aMissingVaultIsNotCreatedWhenNotAsked() {
        VaultNotFoundException missing = assertThrows(VaultNotFoundException.class,
                () -> PostgresStore.open(pool, root, "never-created", false));
        assertTrue(missing.getMessage().contains("#never-created"), missing.getMessage());
    }

    @Test
    void aWrongPasswordFailsWithTheAddressButNotThePassword(PostgresCluster cluster) {
        PostgresAddress wrong = PostgresAddress.parse(cluster.url(PostgresCluster.USER, "wrong-s3cret",
                PostgresCluster.DATABASE));
        VaultException refused = assertThrows(VaultException.class,
                () -> PostgresPool.open(wrong, 1, PostgresPool.DEFAULT_CONNECTION_TIMEOUT, PostgresPool.DEFAULT_BUSY_TIMEOUT).close());
        assertTrue(refused.getMessage().contains(wrong.toString()), refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong-s3cret"), refused.getMessage());
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            assertFalse(String.valueOf(cause.getMessage()).contains("wrong-s3cret"), cause.toString());
        }
    }

    @Test
    void migrationAndFileBackupAreRefusedWithTheVaultNamed() {
        VaultException refused = assertThrows(VaultException.class, () -> store.write(s -> {
            s.dropAside();
            return null;
        }));
        assertTrue(refused.getMessage().contains(store.location()));
        assertThrows(VaultException.class, () -> store.backupTo(java.nio.file.Path.of("x.db"), (d, t) -> { }));
    }
}
