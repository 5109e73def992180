package io.apvirt.api.instruction;

/**
 * A guest AP instruction. The operands are the register numbers; the register values live
 * in the vCPU ({@link io.apvirt.api.machine.Vcpu}).
 */
public sealed interface Instruction permits Instruction.Pqap, Instruction.Nqap, Instruction.Dqap {

    Opcode opcode();

    /** {@code PQAP}, {@code NQAP 4,6}. */
    String text();

    /** PQAP: implicit operands GR0-GR2. */
    Pqap PQAP = new Pqap();

    static Nqap nqap(int r1, int r2) {
        return new Nqap(r1, r2);
    }

    static Dqap dqap(int r1, int r2) {
        return new Dqap(r1, r2);
    }

    record Pqap() implements Instruction {
        @Override
        public Opcode opcode() {
            return Opcode.PQAP;
        }

        @Override
        public String text() {
            return "PQAP";
        }
    }

    /** Enqueue: R1, R1+1 PSMID; R2 message address, R2+1 length (section 2.6). */
    record Nqap(int r1, int r2) implements Instruction {
        public Nqap {
            checkRegister(r1);
            checkRegister(r2);
        }

        @Override
        public Opcode opcode() {
            return Opcode.NQAP;
        }

        @Override
        public String text() {
            return "NQAP " + r1 + "," + r2;
        }
    }

    /** Dequeue: R1, R1+1 PSMID out; R2 buffer address, R2+1 buffer length (section 2.7). */
    record Dqap(int r1, int r2) implements Instruction {
        public Dqap {
            checkRegister(r1);
            checkRegister(r2);
        }

        @Override
        public Opcode opcode() {
            return Opcode.DQAP;
        }

        @Override
        public String text() {
            return "DQAP " + r1 + "," + r2;
        }
    }

    private static void checkRegister(int r) {
        if (r < 0 || r > 15) {
            throw new IllegalArgumentException("register " + r + " is outside 0-15");
        }
    }
}
