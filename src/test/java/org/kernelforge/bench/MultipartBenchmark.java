package org.kernelforge.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.MemoryFileUpload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parses one large multipart/form-data body from memory with each multipart parser, side by side (rounds alternate
 * between them), and prints the median throughput, CPU time and heap allocated per parse: the platform's
 * MultipartReader, Commons FileUpload 2 doing its job (MultipartParts, test sources) and Netty's decoder.
 * Run by src/bench/multipart-benchmark.sh.
 */
public final class MultipartBenchmark {

    private static final String BOUNDARY = "----kernelforge-bench-boundary";
    private static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;
    /** What a part's reader asks for at once: BlobStore and Files.copy read 8-64 KiB at a time. */
    private static final int READ = 64 * 1024;

    /** One parser: reads every part of a body and answers the bytes of its file parts. */
    interface Parser {
        long parse(byte[] body) throws Exception;
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = new BenchArgs(argv);
        int size = (int) parseSize(args.get("size", "256M"));
        int rounds = Integer.parseInt(args.get("rounds", "5"));
        byte[] body = body(size);
        Map<String, Parser> parsers = new LinkedHashMap<>();
        parsers.put("hand-written (MultipartReader)", handWritten());
        parsers.put("Commons FileUpload 2 (MultipartParts)", library());
        parsers.put("Netty decoder (Vert.x upload handler)", netty());
        Map<String, List<double[]>> figures = new LinkedHashMap<>();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (int round = -2; round < rounds; round++) {
            for (Map.Entry<String, Parser> p : parsers.entrySet()) {
                long allocated = threads.getThreadAllocatedBytes(self);
                long cpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                long bytes = p.getValue().parse(body);
                long wall = System.nanoTime() - start;
                cpu = threads.getCurrentThreadCpuTime() - cpu;
                allocated = threads.getThreadAllocatedBytes(self) - allocated;
                if (bytes != size) {
                    throw new IllegalStateException(p.getKey() + " read " + bytes + " bytes of a " + size + "-byte file");
                }
                if (round >= 0) { // the first two rounds warm the JIT up
                    figures.computeIfAbsent(p.getKey(), k -> new ArrayList<>())
                            .add(new double[]{size / (wall / 1e9) / 1e6, cpu / 1e6, allocated / 1024.0});
                }
            }
        }
        System.out.printf("body of %d MiB (one file part of random bytes with boundary-like lines), medians of %d alternated rounds%n",
                size >> 20, rounds);
        System.out.printf("%-40s %10s %14s %16s%n", "parser", "MB/s", "CPU ms/parse", "KiB allocated");
        for (Map.Entry<String, List<double[]>> f : figures.entrySet()) {
            System.out.printf("%-40s %10.0f %14.0f %16.0f%n", f.getKey(), median(f.getValue(), 0), median(f.getValue(), 1),
                    median(f.getValue(), 2));
        }
    }

    /** MultipartParts: Commons FileUpload's MultipartInput doing MultipartReader's job. */
    private static Parser library() throws Exception {
        Class<?> type = Class.forName("org.kernelforge.datasets.MultipartParts");
        Method read = type.getDeclaredMethod("read", String.class, InputStream.class);
        Method next = type.getDeclaredMethod("next");
        read.setAccessible(true);
        next.setAccessible(true);
        Method body = Class.forName("org.kernelforge.datasets.MultipartParts$Part").getDeclaredMethod("body");
        body.setAccessible(true);
        return bytes -> {
            Object parts = read.invoke(null, CONTENT_TYPE, new ByteArrayInputStream(bytes));
            long files = 0;
            for (Optional<?> part; (part = (Optional<?>) next.invoke(parts)).isPresent(); ) {
                long n = drain((InputStream) body.invoke(part.get()));
                files += n > 1000 ? n : 0;
            }
            return files;
        };
    }

    /**
     * Netty's multipart decoder, on which Vert.x's upload handler runs (Quarkus REST has a parser of its own): fed
     * the body in network-sized chunks, each file chunk counted and dropped as Vert.x hands it on.
     */
    private static Parser netty() {
        return bytes -> {
            AtomicLong files = new AtomicLong();
            HttpDataFactory factory = new DefaultHttpDataFactory(false) {
                @Override
                public FileUpload createFileUpload(HttpRequest request, String name, String filename, String contentType,
                                                   String transferEncoding, Charset charset, long size) {
                    return new MemoryFileUpload(name, filename, contentType, transferEncoding, charset, size) {
                        @Override
                        public void addContent(ByteBuf buffer, boolean last) {
                            files.addAndGet(buffer.readableBytes());
                            buffer.release();
                            if (last) {
                                setCompleted();
                            }
                        }
                    };
                }
            };
            HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/datasets");
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
            HttpPostMultipartRequestDecoder decoder = new HttpPostMultipartRequestDecoder(factory, request);
            try {
                for (int off = 0; off < bytes.length; off += READ) {
                    decoder.offer(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes, off, Math.min(READ, bytes.length - off))));
                    releaseDecoded(decoder);
                }
                decoder.offer(LastHttpContent.EMPTY_LAST_CONTENT);
                releaseDecoded(decoder);
            } finally {
                decoder.destroy();
            }
            return files.get();
        };
    }

    private static void releaseDecoded(HttpPostMultipartRequestDecoder decoder) {
        try {
            while (decoder.hasNext()) {
                decoder.next().release();
            }
        } catch (HttpPostRequestDecoder.EndOfDataDecoderException end) {
            // past the closing boundary: nothing more to decode
        }
    }

    /** The platform's own reader (datasets/MultipartReader, package-private: reached by reflection). */
    private static Parser handWritten() throws Exception {
        Class<?> type = Class.forName("org.kernelforge.datasets.MultipartReader");
        var constructor = type.getDeclaredConstructor(InputStream.class, String.class);
        Method next = type.getDeclaredMethod("next");
        Method body = type.getDeclaredMethod("body");
        constructor.setAccessible(true);
        next.setAccessible(true);
        body.setAccessible(true);
        return bytes -> {
            Object reader = constructor.newInstance(new ByteArrayInputStream(bytes), BOUNDARY);
            long files = 0;
            while (((Optional<?>) next.invoke(reader)).isPresent()) {
                long n = drain((InputStream) body.invoke(reader));
                files += n > 1000 ? n : 0;
            }
            return files;
        };
    }

    private static long drain(InputStream in) throws Exception {
        byte[] buffer = new byte[READ];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
        }
        return total;
    }

    /** A metadata part and one file of random bytes in which lines that look almost like the boundary recur. */
    private static byte[] body(int size) {
        byte[] file = new byte[size];
        new SplittableRandom(11).nextBytes(file);
        byte[] nearly = ("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1) + "X\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 4096; at + nearly.length < size; at += 1 << 20) {
            System.arraycopy(nearly, 0, file, at, nearly.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 1024);
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"title\":\"Bench\"}\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"bench.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).toArray();
        Arrays.sort(values);
        return values[values.length / 2];
    }

    private static long parseSize(String size) {
        char unit = Character.toUpperCase(size.charAt(size.length() - 1));
        long n = Character.isDigit(unit) ? Long.parseLong(size) : Long.parseLong(size.substring(0, size.length() - 1));
        return switch (unit) {
            case 'K' -> n << 10;
            case 'M' -> n << 20;
            case 'G' -> n << 30;
            default -> n;
        };
    }
}
