/*
 * A census of the XS heap by kind of object, for the heap meter
 * (../heap-meter.ts): what the slots and chunks in use are, grouped by
 * the function, class, collection or object shape that holds them.
 * Moddable's instrumentation gives the totals only. The census walks the
 * machine's slot heaps (xsAll.h), so it belongs to the simulator's
 * instrumented builds, never to the board's image.
 *
 * Each object is counted with the slots of its property chain and the
 * chunks its values own (a string's bytes, an array's elements, a
 * buffer's bytes, a suspended async function's saved frame, a Map's
 * table); a function with its closure's variables. A slot reached twice
 * counts once, for the first holder met. The results stay in this
 * module's static tables, outside the XS heap, so that taking a census
 * does not change what the next sample measures.
 *
 * `chunkSaving` turns a sample's chunk bytes into a 32-bit machine's: it
 * walks every chunk a live slot owns, once each, and counts what it would
 * take less there (an 8-byte header, 4-byte alignment, and half the size
 * for a chunk of slots or pointers); a payload that is not a multiple of
 * 8 keeps the padding it has here, up to 4 bytes more than the ESP32's.
 * check/ checks it on chunks of known sizes (hosts/sim/README.md).
 */
#include "xsAll.h"
#include "xs.h"
#include <stdio.h>
#include <string.h>

#define CENSUS_CHUNK_FLAG 0x80000000
#define CENSUS_KINDS 1024
#define CENSUS_NAME 112
#define CENSUS_TABLES 2

typedef struct {
	char name[CENSUS_NAME];
	int count;
	int slots;
	int chunkBytes;
} CensusRow;

typedef struct {
	CensusRow rows[CENSUS_KINDS];
	int used;
	int overflow;
} CensusTable;

static CensusTable gTables[CENSUS_TABLES];

static void censusTake(txMachine* the, txSlot* slot, CensusRow* row);

static CensusRow* censusRow(CensusTable* table, const char* name)
{
	for (int i = 0; i < table->used; i++)
		if (!c_strcmp(table->rows[i].name, name)) return &table->rows[i];
	if (table->used == CENSUS_KINDS) {
		table->overflow++;
		return &table->rows[CENSUS_KINDS - 1];
	}
	CensusRow* row = &table->rows[table->used++];
	c_strncpy(row->name, name, CENSUS_NAME - 1);
	row->name[CENSUS_NAME - 1] = 0;
	row->count = row->slots = row->chunkBytes = 0;
	return row;
}

/* the chunk that holds `data`, when it is in the chunk heap */
static txChunk* censusChunkOf(txMachine* the, void* data)
{
	txBlock* block = the->firstBlock;
	if (!data) return C_NULL;
	while (block) {
		txByte* start = ((txByte*)block) + sizeof(txBlock);
		if ((txByte*)data > start && (txByte*)data < block->current) return (txChunk*)(((txByte*)data) - sizeof(txChunk));
		block = block->nextBlock;
	}
	return C_NULL;
}

/* the bytes of the chunk that holds `data`, header included; 0 when it is not in the chunk heap (a preloaded constant) */
static int censusChunkSize(txMachine* the, void* data)
{
	txChunk* chunk = censusChunkOf(the, data);
	return chunk ? (int)(chunk->size & ~CENSUS_CHUNK_FLAG) : 0;
}

static int censusInHeap(txMachine* the, txSlot* slot)
{
	txSlot* heap = the->firstHeap;
	while (heap) {
		if (slot > heap && slot < heap->value.reference) return 1;
		heap = heap->next;
	}
	return 0;
}

static int censusIsFunction(txSlot* instance)
{
	txSlot* first = instance->next;
	return first && (first->flag & XS_INTERNAL_FLAG) && ((first->kind == XS_CODE_KIND) || (first->kind == XS_CODE_X_KIND) || (first->kind == XS_CALLBACK_KIND) || (first->kind == XS_CALLBACK_X_KIND));
}

/* a chain of slots from `first` (a Map's entries, private fields) */
static void censusTakeChain(txMachine* the, txSlot* first, CensusRow* row)
{
	while (first && censusInHeap(the, first) && !(first->flag & XS_MARK_FLAG)) {
		censusTake(the, first, row);
		first = first->next;
	}
}

/* what a slot's value owns besides the slot */
static void censusValue(txMachine* the, txSlot* slot, CensusRow* row)
{
	switch (slot->kind) {
	case XS_STRING_KIND:
		row->chunkBytes += censusChunkSize(the, slot->value.string);
		break;
	case XS_BIGINT_KIND:
		row->chunkBytes += censusChunkSize(the, slot->value.bigint.data);
		break;
	case XS_ARRAY_KIND: {
		int size = censusChunkSize(the, slot->value.array.address);
		/* a sparse array's chunk holds fewer items than its length: walk what the chunk holds, as the collector does */
		txIndex items = (txIndex)((size > (int)sizeof(txChunk)) ? (size - (int)sizeof(txChunk)) / (int)sizeof(txSlot) : 0);
		if (items > slot->value.array.length) items = slot->value.array.length;
		row->chunkBytes += size;
		for (txIndex i = 0; i < items; i++) censusValue(the, slot->value.array.address + i, row);
		} break;
	case XS_ARRAY_BUFFER_KIND:
		row->chunkBytes += censusChunkSize(the, slot->value.arrayBuffer.address);
		break;
	case XS_CODE_KIND:
	case XS_CODE_X_KIND:
		/* a linked module's code is in the image (X), its closures in the heap all the same */
		row->chunkBytes += censusChunkSize(the, slot->value.code.address);
		if (slot->value.code.closures) censusTake(the, slot->value.code.closures, row);
		break;
	case XS_CALLBACK_KIND:
		if (slot->value.callback.closures) censusTake(the, slot->value.callback.closures, row);
		break;
	case XS_MAP_KIND:
	case XS_SET_KIND:
	case XS_WEAK_MAP_KIND:
	case XS_WEAK_SET_KIND:
		row->chunkBytes += censusChunkSize(the, slot->value.table.address);
		break;
	case XS_KEY_KIND:
		row->chunkBytes += censusChunkSize(the, slot->value.key.string);
		break;
	case XS_HOST_KIND:
		row->chunkBytes += censusChunkSize(the, slot->value.host.data);
		break;
	case XS_STACK_KIND:
		row->chunkBytes += censusChunkSize(the, slot->value.stack.address);
		break;
	case XS_CLOSURE_KIND:
		if (slot->value.closure) censusTake(the, slot->value.closure, row);
		break;
	case XS_LIST_KIND:
		censusTakeChain(the, slot->value.list.first, row);
		break;
	case XS_PRIVATE_KIND:
		censusTakeChain(the, slot->value.private.first, row);
		break;
	default:
		break;
	}
}

/* a slot not yet counted, with what its value owns, and an instance's property chain */
static void censusTake(txMachine* the, txSlot* slot, CensusRow* row)
{
	if (!censusInHeap(the, slot) || (slot->flag & XS_MARK_FLAG)) return;
	slot->flag |= XS_MARK_FLAG;
	row->slots++;
	censusValue(the, slot, row);
	if (slot->kind == XS_INSTANCE_KIND) censusTakeChain(the, slot->next, row);
}

/* the names of the first named properties of an instance, between `open` and `close`, written at `at` */
static void censusNames(txMachine* the, txSlot* instance, char* buffer, int size, int at, char open, char close)
{
	int names = 0;
	for (txSlot* p = instance->next; p && (names < 4) && (at < size - 2); p = p->next) {
		if (p->ID == XS_NO_ID) continue;
		txString name = fxGetKeyName(the, p->ID);
		at += snprintf(buffer + at, size - at, "%c%s", names++ ? ',' : open, name ? name : "?");
	}
	if (names && (at < size - 1)) snprintf(buffer + at, size - at, "%c", close);
}

/* a function's name and, for one without (an arrow), the first variables of its closure */
static void censusFunctionName(txMachine* the, txSlot* function, char* buffer, int size)
{
	buffer[0] = 0;
	fxBufferFunctionName(the, buffer, size, function, "");
	txSlot* code = function->next;
	if (!c_strstr(buffer, "anonymous")) return;
	if (((code->kind != XS_CODE_KIND) && (code->kind != XS_CODE_X_KIND)) || !code->value.code.closures) return;
	censusNames(the, code->value.code.closures, buffer, size, (int)c_strlen(buffer), '[', ']');
}

/* the first named properties of an object: its shape */
static void censusShape(txMachine* the, txSlot* instance, char* buffer, int size, int at)
{
	censusNames(the, instance, buffer, size, at, '{', '}');
}

static void censusName(txMachine* the, txSlot* instance, char* buffer, int size)
{
	txSlot* first = instance->next;
	int internal = first && (first->flag & XS_INTERNAL_FLAG);
	if (censusIsFunction(instance)) {
		c_strcpy(buffer, "function ");
		censusFunctionName(the, instance, buffer + 9, size - 9);
		return;
	}
	if (internal && (first->kind == XS_STACK_KIND)) {
		/* a suspended async function (or generator): named by the first function its saved frame holds, itself */
		txSlot* saved = first->value.stack.address;
		txIndex length = saved ? (txIndex)(censusChunkSize(the, saved) / sizeof(txSlot)) : 0;
		if (length > first->value.stack.length) length = first->value.stack.length;
		c_strcpy(buffer, "suspended ");
		for (txIndex i = 0; i < length; i++) {
			txSlot* s = saved + i;
			if ((s->kind == XS_REFERENCE_KIND) && s->value.reference && censusIsFunction(s->value.reference)) {
				censusFunctionName(the, s->value.reference, buffer + 10, size - 10);
				break;
			}
		}
		return;
	}
	if (internal && (first->kind == XS_UNDEFINED_KIND) && !instance->value.instance.prototype) {
		/* a scope: the variables a call shares with the closures it made */
		censusShape(the, instance, buffer, size, snprintf(buffer, size, "scope "));
		return;
	}
	txSlot* prototype = instance->value.instance.prototype;
	const char* constructor = "(no prototype)";
	char name[64];
	if (prototype) {
		constructor = "?";
		for (txSlot* p = prototype->next; p; p = p->next) {
			if ((p->ID == mxID(_constructor)) && (p->kind == XS_REFERENCE_KIND) && censusIsFunction(p->value.reference)) {
				name[0] = 0;
				fxBufferFunctionName(the, name, sizeof(name), p->value.reference, "");
				constructor = name;
				break;
			}
		}
	}
	int at = snprintf(buffer, size, "%s", constructor);
	if (at >= size) return;
	if (internal && ((first->kind == XS_MAP_KIND) || (first->kind == XS_SET_KIND))) {
		int entries = 0;
		txSlot* list = first->next;
		if (list && (list->kind == XS_LIST_KIND))
			for (txSlot* e = list->value.list.first; e; e = e->next) entries++;
		/* a Map's list holds a key and a value an entry */
		snprintf(buffer + at, size - at, " of %d", first->kind == XS_MAP_KIND ? entries / 2 : entries);
	}
	else if (internal && (first->kind == XS_ARRAY_KIND))
		snprintf(buffer + at, size - at, " of %d", (int)first->value.array.length);
	else if (internal && (first->kind == XS_ARRAY_BUFFER_KIND))
		snprintf(buffer + at, size - at, " of %d bytes", censusChunkSize(the, first->value.arrayBuffer.address));
	else if (!internal || (first->kind == XS_PRIVATE_KIND))
		censusShape(the, instance, buffer, size, at);
}

/* takes a census into table `which` (0 or 1), after a collection */
void xs_heap_census_take(xsMachine* the)
{
	int which = xsToInteger(xsArg(0));
	if ((which < 0) || (which >= CENSUS_TABLES)) xsRangeError("no census table %d", which);
	CensusTable* table = &gTables[which];
	char name[CENSUS_NAME];
	xsCollectGarbage();
	table->used = 0;
	table->overflow = 0;
	for (txSlot* free = the->freeHeap; free; free = free->next) free->flag |= XS_MARK_FLAG;
	/* functions first, so that a closure's variables count for the function that holds them */
	for (int pass = 0; pass < 2; pass++) {
		for (txSlot* heap = the->firstHeap; heap; heap = heap->next) {
			for (txSlot* slot = heap + 1; slot < heap->value.reference; slot++) {
				if ((slot->flag & XS_MARK_FLAG) || (slot->kind != XS_INSTANCE_KIND)) continue;
				if ((pass == 0) != (censusIsFunction(slot) != 0)) continue;
				censusName(the, slot, name, sizeof(name));
				CensusRow* row = censusRow(table, name);
				row->count++;
				censusTake(the, slot, row);
			}
		}
	}
	/* what no object holds: values on their own (a closure's, a Map entry's table slot) */
	for (txSlot* heap = the->firstHeap; heap; heap = heap->next) {
		for (txSlot* slot = heap + 1; slot < heap->value.reference; slot++) {
			if (slot->flag & XS_MARK_FLAG) continue;
			snprintf(name, sizeof(name), "(a slot of kind %d)", slot->kind);
			CensusRow* row = censusRow(table, name);
			row->count++;
			censusTake(the, slot, row);
		}
	}
	for (txSlot* heap = the->firstHeap; heap; heap = heap->next)
		for (txSlot* slot = heap + 1; slot < heap->value.reference; slot++) slot->flag &= ~XS_MARK_FLAG;
}

/* a 32-bit machine's chunk header: its size and a pointer */
#define CENSUS_CHUNK_HEADER_32 8

/*
 * What the chunk that holds `data` would take less on a 32-bit machine:
 * its header is 8 bytes, its size a multiple of 4, and a chunk of slots
 * (`halved`: an array's items, a saved frame) or of pointers (a Map's
 * table) is half as big, a slot being 16 bytes there. Each chunk counts
 * once (a flag in its size, cleared by `clear`).
 */
static void censusChunkSaving(txMachine* the, void* data, int halved, int clear, txInteger* saving)
{
	txChunk* chunk = censusChunkOf(the, data);
	if (!chunk) return;
	if (clear) {
		chunk->size &= ~CENSUS_CHUNK_FLAG;
		return;
	}
	if (chunk->size & CENSUS_CHUNK_FLAG) return;
	txSize size = chunk->size;
	chunk->size |= CENSUS_CHUNK_FLAG;
	txSize payload = size - (txSize)sizeof(txChunk);
	txSize payload32 = halved ? payload / 2 : payload;
	payload32 = (payload32 + 3) & ~3;
	*saving += size - (CENSUS_CHUNK_HEADER_32 + payload32);
}

/* every chunk a live slot of the heap owns, each once; the chunks only the machine's stack holds keep their size */
static void censusChunksSaving(txMachine* the, int clear, txInteger* saving)
{
	for (txSlot* heap = the->firstHeap; heap; heap = heap->next) {
		for (txSlot* slot = heap + 1; slot < heap->value.reference; slot++) {
			switch (slot->kind) {
			case XS_STRING_KIND: censusChunkSaving(the, slot->value.string, 0, clear, saving); break;
			case XS_BIGINT_KIND: censusChunkSaving(the, slot->value.bigint.data, 0, clear, saving); break;
			case XS_ARGUMENTS_SLOPPY_KIND:
			case XS_ARGUMENTS_STRICT_KIND:
			case XS_ARRAY_KIND: censusChunkSaving(the, slot->value.array.address, 1, clear, saving); break;
			case XS_STACK_KIND: censusChunkSaving(the, slot->value.stack.address, 1, clear, saving); break;
			case XS_ARRAY_BUFFER_KIND: censusChunkSaving(the, slot->value.arrayBuffer.address, 0, clear, saving); break;
			case XS_CODE_KIND: censusChunkSaving(the, slot->value.code.address, 0, clear, saving); break;
			case XS_GLOBAL_KIND:
			case XS_MAP_KIND:
			case XS_SET_KIND:
			case XS_WEAK_MAP_KIND:
			case XS_WEAK_SET_KIND: censusChunkSaving(the, slot->value.table.address, 1, clear, saving); break;
			case XS_KEY_KIND: censusChunkSaving(the, slot->value.key.string, 0, clear, saving); break;
			case XS_IDS_KIND: censusChunkSaving(the, slot->value.IDs, 0, clear, saving); break;
			case XS_REGEXP_KIND:
				censusChunkSaving(the, slot->value.regexp.code, 0, clear, saving);
				censusChunkSaving(the, slot->value.regexp.data, 0, clear, saving);
				break;
			case XS_HOST_KIND:
				/* a host's data is its own: only its header and alignment */
				if (!(slot->flag & XS_HOST_CHUNK_FLAG)) break;
				censusChunkSaving(the, slot->value.host.data, 0, clear, saving);
				break;
			default: break;
			}
		}
	}
}

/*
 * The bytes by which the live heap's chunks would be fewer on a 32-bit
 * machine such as the ESP32 (see censusChunkSaving), counted as the
 * heap is now: called right after the collection of a sample, it turns
 * the sample's chunk bytes into the board's.
 */
void xs_heap_census_chunk_saving(xsMachine* the)
{
	txInteger saving = 0;
	censusChunksSaving(the, 0, &saving);
	censusChunksSaving(the, 1, &saving);
	xsResult = xsInteger(saving);
}

/* the bytes of a slot on this machine (32 where pointers have 64 bits) */
void xs_heap_census_slot_bytes(xsMachine* the)
{
	xsResult = xsInteger((txInteger)sizeof(txSlot));
}

/* prints table `which`, a line a row: heap-census, tag, what, count, slots, chunk bytes (tab-separated) */
void xs_heap_census_print(xsMachine* the)
{
	int which = xsToInteger(xsArg(0));
	if ((which < 0) || (which >= CENSUS_TABLES)) xsRangeError("no census table %d", which);
	CensusTable* table = &gTables[which];
	char tag[64];
	c_strncpy(tag, xsToString(xsArg(1)), sizeof(tag) - 1);
	tag[sizeof(tag) - 1] = 0;
	for (int i = 0; i < table->used; i++) {
		CensusRow* row = &table->rows[i];
		printf("heap-census:\t%s\t%s\t%d\t%d\t%d\n", tag, row->name, row->count, row->slots, row->chunkBytes);
	}
	if (table->overflow) printf("heap-census:\t%s\t(more kinds than the table holds, counted in the last row)\t%d\t0\t0\n", tag, table->overflow);
	fflush(stdout);
}
