/**
 * The value codecs of vault cells: pickle and msgpack, each written to equal what CPython 3.11 and
 * msgpack-python 1.0.3 write, byte for byte, because a vault finds a key by its exact bytes and Python
 * programs share the same files.
 *
 * <h2>Type mapping (both directions)</h2>
 * None and {@code null}; bool and {@link java.lang.Boolean}; int and {@link java.lang.Long}, or
 * {@link java.math.BigInteger} beyond a long (writers also take Integer, Short, Byte); float and
 * {@link java.lang.Double} (writers also take Float); str and {@link java.lang.String} (writers also take
 * Character); bytes and {@code byte[]}; list and {@link java.util.ArrayList} (writers take any List that is
 * not a {@link io.github.vaults4j.PyTuple}, and {@code Object[]}); tuple and
 * {@link io.github.vaults4j.PyTuple}; dict and {@link java.util.LinkedHashMap} (writers take any Map, in its
 * iteration order); set and {@link java.util.LinkedHashSet} (writers take any Set that is not a
 * {@link io.github.vaults4j.PyFrozenSet}); frozenset and {@link io.github.vaults4j.PyFrozenSet}; datetime and
 * {@link java.time.LocalDateTime}, {@link java.time.OffsetDateTime} (a {@code datetime.timezone}) or
 * {@link java.time.ZonedDateTime} (a {@code zoneinfo.ZoneInfo}); date and {@link java.time.LocalDate}; time
 * and {@link java.time.LocalTime} or {@link java.time.OffsetTime}; timedelta and
 * {@link java.time.Duration}; Decimal and {@link java.math.BigDecimal}; complex and
 * {@link io.github.vaults4j.PyComplex}; anything else and {@link io.github.vaults4j.PyObject}.
 *
 * <h2>Why the pickle reader is our own</h2>
 * Razorvine's pickle library is the usual choice on the JVM, and its {@code Pickler} matches CPython at protocol 2,
 * but its {@code Unpickler} cannot be made faithful from the outside: its opcode handlers are package-private,
 * so dicts ({@code HashMap}), tuples ({@code Object[]}) and sets ({@code HashSet}) cannot be replaced by
 * ordered, typed ones; unknown globals go through a process-wide static constructor registry that
 * instantiates Java classes; it has no depth limit and reads through an {@code InputStream} that allocates
 * declared lengths before checking them. Overriding all of that would leave nothing of the library, so
 * {@link io.github.vaults4j.codec.PickleReader} is a focused reader with a fixed table of known globals.
 * The writer is ours too: Razorvine writes protocol 2 only. The msgpack writer uses msgpack-core, whose
 * packer chooses the same forms as msgpack-python; the msgpack reader is ours for the same reason as the
 * pickle reader (lengths are checked before allocation, ext types and depth are refused).
 *
 * <h2>Identity</h2>
 * CPython's pickle shares objects by identity. The writer memoizes by Java identity, except for the values
 * CPython keeps as singletons, and the reader returns one Java object per memo entry, so decoding and
 * re-encoding gives the same bytes; {@link io.github.vaults4j.codec.PickleWriter} states the rule. Two known
 * gaps: java.time caches some {@code LocalTime} and {@code Duration} instances, so those are always written as
 * fresh objects (a pickle that shares one Python {@code time} or {@code timedelta} object re-encodes with
 * copies), and several datetimes sharing one non-UTC {@code timezone} object re-encode with one timezone
 * object each.
 */
package io.github.vaults4j.codec;
