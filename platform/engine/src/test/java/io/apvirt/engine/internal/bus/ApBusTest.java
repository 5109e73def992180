package io.apvirt.engine.internal.bus;

import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.arch.TapqInfo;
import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.QueueView;
import io.apvirt.api.device.Request;
import io.apvirt.api.device.ResetKind;
import io.apvirt.api.device.Response;
import io.apvirt.api.outcome.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static io.apvirt.engine.internal.bus.BusFixture.word;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The AP bus through the instructions, as firmware interprets them on an LPAR host
 * (docs/architecture.md#11.5 step 5, #3): every response-code path with cc, RC and
 * the APQSW flags.
 */
class ApBusTest {

    static final int E = 0x80000000;
    static final int R = 0x40000000;
    static final int F = 0x20000000;
    static final int I = 0x01000000;
    static final Apqn Q = new Apqn(3, 5);
    static final Apqn OTHER = new Apqn(4, 5);

    static int rc(ResponseCode code) {
        return code.code() << 16;
    }

    static void assertStatus(int cc, int word, Outcome o) {
        Outcome.Completed c = (Outcome.Completed) o;
        assertEquals(cc, c.cc(), "cc");
        assertEquals(Integer.toHexString(word), Integer.toHexString((int) c.status()), "APQSW");
    }

    // ---- TAPQ ------------------------------------------------------------------------------

    @Test
    void tapqOfAnEmptyQueueIsEWithTheAdapterInfoInGr2() {
        AdapterSpec spec = new AdapterSpec(3, ApType.CEX5, ApMode.ACCELERATOR, 2, 4, List.of(5, 6), 1, 2, "test");
        BusFixture bus = BusFixture.bus().adapter(spec, BusFixture.ECHO, FaultPlan.NONE).build();
        assertStatus(0, E, bus.tapq(Q));
        assertEquals(0L, bus.cpu.gr(2) & TapqInfo.MASK_FACILITY_BITS, "bits 0-31 only with T=1");
        bus.cpu.setGr(0, io.apvirt.api.arch.PqapGr0.of(FunctionCode.TAPQ, Q).encode() | io.apvirt.api.arch.PqapGr0.MASK_T);
        assertStatus(0, E, bus.cpu.execute(io.apvirt.api.instruction.Instruction.PQAP));
        TapqInfo info = TapqInfo.decode(bus.cpu.gr(2));
        assertEquals(11, info.at());
        assertEquals(2, info.ml());
        assertEquals(4, info.qd());
        assertEquals(0xFF, info.nd());
        assertEquals(true, info.accelerator());
        assertEquals(false, info.coprocessor());
    }

    @Test
    void tapqShowsRWhenAReplyIsReadyAndFWhenTheQueueIsFull() {
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 2, 0, 1, 2), BusFixture.ECHO, FaultPlan.NONE).build();
        assertStatus(0, 0, bus.nqap(Q, 1, new byte[]{1}));          // accepted: not empty, reply not ready yet
        assertStatus(0, R, bus.tapq(Q));                              // one tick later the reply is ready
        assertStatus(0, R | F, bus.nqap(Q, 2, new byte[]{2}));      // queue-depth 2 reached
        assertStatus(0, R | F, bus.tapq(Q));
    }

    @Test
    void aBehaviourMayOverrideTapqWithAResponseCode() {
        AdapterBehaviour busyOnTest = new AdapterBehaviour() {
            @Override
            public Response onRequest(Request request, QueueView queue) {
                return Response.Reply.of(request.message());
            }

            @Override
            public ResponseCode onTest(QueueView queue) {
                return ResponseCode.BUSY;
            }
        };
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 0, 1, 2), busyOnTest, FaultPlan.NONE).build();
        assertStatus(3, rc(ResponseCode.BUSY), bus.tapq(Q));
    }

    // ---- NQAP ------------------------------------------------------------------------------

    @Test
    void nqapOnAFullQueueIsRc10WithF() {
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 1, 0, 5, 2), BusFixture.ECHO, FaultPlan.NONE).build();
        assertStatus(0, F, bus.nqap(Q, 1, new byte[]{1}));
        assertStatus(3, F | rc(ResponseCode.Q_FULL_OR_NO_PENDING_REPLY), bus.nqap(Q, 2, new byte[]{2}));
        assertEquals(new io.apvirt.engine.internal.machine.ApMachine.Ledger(1, 0, 0, 1), bus.machine.ledger());
    }

    @Test
    void aRefusalByTheDeviceIsCc3WithItsRcAndNothingIsAccepted() {
        AdapterBehaviour tooBig = (request, queue) -> request.message().length > 4
                ? new Response.Refused(ResponseCode.MESSAGE_TOO_BIG) : Response.Reply.of(request.message());
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 0, 1, 2), tooBig, FaultPlan.NONE).build();
        assertStatus(3, E | rc(ResponseCode.MESSAGE_TOO_BIG), bus.nqap(Q, 1, new byte[8]));
        assertStatus(0, 0, bus.nqap(Q, 2, new byte[4]));
        assertEquals(1, bus.machine.queues().get(0).refused());
        assertEquals(1, bus.machine.queues().get(0).requests());
    }

    @Test
    void busyEveryNthRequestIsRc05() {
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 0, 1, 2), BusFixture.ECHO,
                new FaultPlan(2, 0, FaultPlan.NEVER, false)).build();
        assertStatus(0, 0, bus.nqap(Q, 1, new byte[]{1}));
        assertStatus(3, R | rc(ResponseCode.BUSY), bus.nqap(Q, 2, new byte[]{2}));
        assertStatus(0, R, bus.nqap(Q, 3, new byte[]{3}));
        assertStatus(3, E | rc(ResponseCode.BUSY), bus.nqap(new Apqn(3, 6), 4, new byte[]{4})); // the count is per adapter
    }

    @Test
    void aMessageLongerThanMlTimes4KiBIsASpecificationException() {
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 1, 1, 2), BusFixture.ECHO, FaultPlan.NONE).build();
        assertStatus(0, 0, bus.nqap(Q, 1, 4096));
        Outcome o = bus.nqap(Q, 2, 4097);
        assertEquals(ProgramInterruption.SPECIFICATION, ((Outcome.ProgramException) o).interruption());
    }

    @Test
    void mlZeroMeans12KiB() {
        BusFixture bus = BusFixture.bus().echo(3).build();
        assertStatus(0, 0, bus.nqap(Q, 1, 12 * 1024));
        assertEquals(ProgramInterruption.SPECIFICATION,
                ((Outcome.ProgramException) bus.nqap(Q, 2, 12 * 1024 + 1)).interruption());
    }

    // ---- DQAP ------------------------------------------------------------------------------

    @Test
    void dqapOfAnEmptyQueueIsRc10WithE() {
        BusFixture bus = BusFixture.bus().echo(3).build();
        assertStatus(3, E | rc(ResponseCode.Q_FULL_OR_NO_PENDING_REPLY), bus.dqap(Q, 64));
    }

    @Test
    void dqapBeforeTheReplyIsReadyIsRc10WithoutE() {
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 0, 3, 2), BusFixture.ECHO, FaultPlan.NONE).build();
        bus.nqap(Q, 1, new byte[]{1});
        assertStatus(3, rc(ResponseCode.Q_FULL_OR_NO_PENDING_REPLY), bus.dqap(Q, 64));
        assertStatus(3, rc(ResponseCode.Q_FULL_OR_NO_PENDING_REPLY), bus.dqap(Q, 64));
        assertStatus(0, E, bus.dqap(Q, 64));                          // tick 4: ready, dequeued, queue empty
        assertEquals(1L, bus.psmid());
    }

    @Test
    void dqapTakesTheOldestReadyReplyFirstWithItsPsmidAndData() {
        // the first request takes 5 ticks, the second 1: the second is ready first
        AdapterBehaviour slowFirst = (request, queue) -> new Response.Reply(request.message(), request.psmid() == 0xA ? 5 : 1);
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 0, 1, 2), slowFirst, FaultPlan.NONE).build();
        bus.nqap(Q, 0xA, new byte[]{10});
        bus.nqap(Q, 0x0000000100000002L, new byte[]{20, 21});
        assertStatus(0, 0, bus.dqap(Q, 64));
        assertEquals(0x0000000100000002L, bus.psmid());
        assertEquals(1L, bus.cpu.gr(4));
        assertEquals(2L, bus.cpu.gr(5));
        assertArrayEquals(new byte[]{20, 21}, bus.machine.read(BusFixture.BUFFER, 2));
        assertStatus(3, rc(ResponseCode.Q_FULL_OR_NO_PENDING_REPLY), bus.dqap(Q, 64)); // tick 4: A not ready (6)
        bus.tapq(Q);
        assertStatus(0, E, bus.dqap(Q, 64));                          // tick 6
        assertEquals(0xAL, bus.psmid());
    }

    @Test
    void aShortBufferGivesCc1ThePartThatFitsAndTheResidualInGr2() {
        BusFixture bus = BusFixture.bus().echo(3).build();
        bus.nqap(Q, 7, new byte[]{1, 2, 3, 4, 5});
        bus.cpu.setGr(1, 0x1111);
        Outcome.Completed first = (Outcome.Completed) bus.dqap(Q, 3);
        assertEquals(1, first.cc());
        assertEquals(0x1111L, bus.cpu.gr(1), "GR1 is not set on a partial receive (2.7)");
        assertEquals(2L, bus.cpu.gr(2), "residual length");
        assertEquals(BusFixture.BUFFER + 3, bus.cpu.gr(8), "R2 advanced");
        assertEquals(0L, bus.cpu.gr(9), "R2+1 decreased");
        assertEquals(7L, bus.psmid());
        assertArrayEquals(new byte[]{1, 2, 3}, bus.machine.read(BusFixture.BUFFER, 3));
        bus.cpu.setGr(9, 64);
        assertStatus(0, E, bus.cpu.execute(io.apvirt.api.instruction.Instruction.dqap(4, 8)));
        assertArrayEquals(new byte[]{4, 5}, bus.machine.read(BusFixture.BUFFER + 3, 2));
        assertEquals(0L, bus.cpu.gr(2));
    }

    // ---- reset -----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ResetKind.class)
    void aResetDropsMessagesTurnsInterruptsOffAndAnswersRc02ForResetTicks(ResetKind kind) {
        List<ResetKind> seen = new ArrayList<>();
        AdapterBehaviour recording = new AdapterBehaviour() {
            @Override
            public Response onRequest(Request request, QueueView queue) {
                return Response.Reply.of(request.message());
            }

            @Override
            public int onReset(QueueView queue, ResetKind k) {
                seen.add(k);
                return ADAPTER_RESET_TICKS;
            }
        };
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 0, 1, 3), recording, FaultPlan.NONE).build();
        bus.machine.bus().queue(Q.encode()).aqic(bus.machine.now(), true, 3, 0x800);
        bus.nqap(Q, 1, new byte[]{1});
        bus.nqap(Q, 2, new byte[]{2});
        FunctionCode fc = kind == ResetKind.RAPQ ? FunctionCode.RAPQ : FunctionCode.ZAPQ;
        assertStatus(0, 0, bus.pqap(fc, Q));
        assertEquals(List.of(kind), seen);
        assertStatus(3, rc(ResponseCode.RESET_IN_PROGRESS), bus.tapq(Q));
        assertStatus(3, rc(ResponseCode.RESET_IN_PROGRESS), bus.pqap(fc, Q));   // a reset during a reset
        assertStatus(3, rc(ResponseCode.RESET_IN_PROGRESS), bus.nqap(Q, 3, new byte[]{3}));
        assertStatus(0, E, bus.tapq(Q));                                      // reset-ticks 3 later: empty, I off
        assertEquals(new io.apvirt.engine.internal.machine.ApMachine.Ledger(2, 0, 2, 0), bus.machine.ledger());
    }

    @Test
    void aBehaviourMayChooseHowLongAResetTakes() {
        AdapterBehaviour slowReset = new AdapterBehaviour() {
            @Override
            public Response onRequest(Request request, QueueView queue) {
                return Response.Reply.of(request.message());
            }

            @Override
            public int onReset(QueueView queue, ResetKind kind) {
                return 4;
            }
        };
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 0, 1, 1), slowReset, FaultPlan.NONE).build();
        assertStatus(0, 0, bus.pqap(FunctionCode.RAPQ, Q));                       // tick 1: in reset until 6
        for (int tick = 2; tick <= 5; tick++) {
            assertStatus(3, rc(ResponseCode.RESET_IN_PROGRESS), bus.tapq(Q));
        }
        assertStatus(0, E, bus.tapq(Q));                                          // tick 6
    }

    @Test
    void aBehaviourMayCheckstopItsAdapter() {
        boolean[] failed = {false};
        AdapterBehaviour failing = new AdapterBehaviour() {
            @Override
            public Response onRequest(Request request, QueueView queue) {
                failed[0] = true;
                return new Response.Refused(ResponseCode.CHECKSTOPPED);
            }

            @Override
            public ResponseCode condition() {
                return failed[0] ? ResponseCode.CHECKSTOPPED : null;
            }
        };
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 0, 1, 1), failing, FaultPlan.NONE).build();
        assertStatus(0, E, bus.tapq(Q));
        assertStatus(3, E | rc(ResponseCode.CHECKSTOPPED), bus.nqap(Q, 1, new byte[]{1}));
        assertStatus(3, rc(ResponseCode.CHECKSTOPPED), bus.tapq(new Apqn(3, 6)));
        assertEquals("checkstopped", bus.machine.queues().get(1).status());
    }

    // ---- adapter conditions ----------------------------------------------------------------

    @Test
    void afterCheckstopAfterRequestsEveryFunctionOfTheAdapterIsRc04() {
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 0, 1, 2), BusFixture.ECHO,
                new FaultPlan(0, 1, FaultPlan.NEVER, false)).echo(4).build();
        assertStatus(0, 0, bus.nqap(Q, 1, new byte[]{1}));
        int checkstopped = rc(ResponseCode.CHECKSTOPPED);
        assertStatus(3, checkstopped, bus.tapq(Q));
        assertStatus(3, checkstopped, bus.tapq(new Apqn(3, 6)));
        assertStatus(3, checkstopped, bus.nqap(Q, 2, new byte[]{2}));
        assertStatus(3, checkstopped, bus.dqap(Q, 64));
        assertStatus(3, checkstopped, bus.pqap(FunctionCode.RAPQ, Q));
        assertStatus(0, E, bus.tapq(OTHER));                                   // another adapter still works
        assertEquals("checkstopped", bus.machine.queues().get(0).status());
        assertEquals(new io.apvirt.engine.internal.machine.ApMachine.Ledger(1, 0, 0, 1), bus.machine.ledger());
    }

    @Test
    void fromDeconfigureAtOnEveryFunctionOfTheAdapterIsRc03() {
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 0, 1, 2), BusFixture.ECHO,
                new FaultPlan(0, 0, 3, false)).build();
        assertStatus(0, E, bus.tapq(Q));                                       // tick 1
        assertStatus(0, E, bus.tapq(Q));                                       // tick 2
        int deconfigured = rc(ResponseCode.DECONFIGURED);
        assertStatus(3, deconfigured, bus.tapq(Q));                            // tick 3
        assertStatus(3, deconfigured, bus.nqap(Q, 1, new byte[]{1}));
        assertStatus(3, deconfigured, bus.dqap(Q, 8));
        assertStatus(3, deconfigured, bus.pqap(FunctionCode.ZAPQ, Q));
        assertEquals("deconfigured", bus.machine.queues().get(0).status());
    }

    @Test
    void deconfiguredWinsOverCheckstopped() {
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 0, 1, 2), BusFixture.ECHO,
                new FaultPlan(0, 1, 3, false)).build();
        bus.nqap(Q, 1, new byte[]{1});
        assertStatus(3, rc(ResponseCode.CHECKSTOPPED), bus.tapq(Q));
        assertStatus(3, rc(ResponseCode.DECONFIGURED), bus.tapq(Q));
    }

    // ---- interrupts (11.7) -----------------------------------------------------------------

    @Test
    void aReplyOnAQueueWithInterruptsOnSetsTheNibAndMakesTheIscPending() {
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 0, 2, 2), BusFixture.ECHO, FaultPlan.NONE).build();
        assertEquals(0, bus.machine.bus().queue(Q.encode()).aqic(bus.machine.now(), true, 5, 0x3000) & 0x00FF0000);
        assertStatus(0, I, bus.nqap(Q, 1, new byte[]{1}));                    // tick 1, ready at 3
        assertStatus(0, I, bus.tapq(Q));                                       // tick 2
        assertArrayEquals(new byte[]{0}, bus.machine.read(0x3000, 1));
        assertEquals(List.of(), bus.machine.pendingInterrupts());
        assertStatus(0, R | I, bus.tapq(Q));                                   // tick 3: delivered before it
        assertArrayEquals(new byte[]{1}, bus.machine.read(0x3000, 1));
        assertEquals(List.of(5), bus.machine.pendingInterrupts());
        assertEquals(1, bus.machine.queues().get(0).interruptsRaised());
    }

    @Test
    void aQueueWithInterruptsOffRaisesNothing() {
        BusFixture bus = BusFixture.bus().echo(3).build();
        bus.nqap(Q, 1, new byte[]{1});
        bus.tapq(Q);
        bus.tapq(Q);
        assertEquals(List.of(), bus.machine.pendingInterrupts());
    }

    @Test
    void dropInterruptsLeavesTheNibAloneAndCountsTheLoss() {
        BusFixture bus = BusFixture.bus().adapter(BusFixture.spec(3, 8, 0, 1, 2), BusFixture.ECHO,
                new FaultPlan(0, 0, FaultPlan.NEVER, true)).build();
        bus.machine.bus().queue(Q.encode()).aqic(bus.machine.now(), true, 2, 0x3000);
        bus.nqap(Q, 1, new byte[]{1});
        assertStatus(0, R | I, bus.tapq(Q));
        assertArrayEquals(new byte[]{0}, bus.machine.read(0x3000, 1));
        assertEquals(List.of(), bus.machine.pendingInterrupts());
        assertEquals(1, bus.machine.queues().get(0).interruptsLost());
    }

    @Test
    void enablingInterruptsWithAReplyAlreadyReadySignalsItAtTheNextInstruction() {
        BusFixture bus = BusFixture.bus().echo(3).build();
        bus.nqap(Q, 1, new byte[]{1});
        bus.tapq(Q);
        ApQueue q = bus.machine.bus().queue(Q.encode());
        assertEquals(R | I, q.aqic(bus.machine.now(), true, 1, 0x3000));
        assertEquals(R | I | rc(ResponseCode.OTHERWISE_CHANGED), q.aqic(bus.machine.now(), true, 1, 0x3000));
        bus.tapq(Q);
        assertEquals(List.of(1), bus.machine.pendingInterrupts());
        assertEquals(R, q.aqic(bus.machine.now(), false, 0, 0));
        assertEquals(R | rc(ResponseCode.OTHERWISE_CHANGED), q.aqic(bus.machine.now(), false, 0, 0));
    }
}
